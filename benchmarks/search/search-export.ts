/**
 * What the PyTorch search reference (pytorch-search.py) needs to run the same greedy search as the
 * product: the prepared splits exactly as a run prepares them (same rows, same standardisation),
 * written as raw little-endian float32 / int32 files, and a JSON spec of the search the run's
 * controller resolved: archs with their parameter counts, training settings per role, the transfer
 * configs with every parameter resolved by the method's own validator, seeds, minGain,
 * standardErrors, maxDepth and probe settings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetLoadOptions, resolveRunConfig, type SearchRequest } from '../../src/config/index.js';
import type { Arch, PreparedData, SplitPart } from '../../src/core/index.js';
import { loadDataset, prepareData } from '../../src/data/index.js';
import { archLabel } from '../../src/models/index.js';
import { createController } from '../../src/search/index.js';
import { transferMethods } from '../../src/transfer/index.js';

/** The search spec pytorch-search.py reads (search.json). */
export interface ExportedSearch {
  space: string;
  dataset: string;
  features: number;
  numClasses: number;
  counts: Record<'train' | 'validation' | 'test', number>;
  root: ExportedArch;
  target: ExportedArch;
  candidates: ExportedArch[];
  training: Record<'root' | 'scratch' | 'intermediate' | 'target', { maxEpochs: number; batchSize: number; learningRate: number; patience: number }>;
  configs: Array<{ method: string; params: Record<string, unknown>; needsStudentScratch: boolean }>;
  seeds: number[];
  minGain: number;
  standardErrors: number;
  maxDepth: number;
  /** Linear probes of every teacher signal (teacher-signal.ts): epochs, batch size, Adam learning rate. */
  probes: { epochs: number; batchSize: number; learningRate: number };
}

interface ExportedArch {
  label: string;
  hidden: number[];
  activation: string;
  params: number;
}

/** Refuses what the script does not reproduce, so a comparison is never silently of two different searches. */
function exportArch(arch: Arch, params: number): ExportedArch {
  if (arch.family !== 'mlp') throw new Error(`pytorch-search.py reproduces mlp searches only; ${archLabel(arch)} is ${arch.family}`);
  if ((arch.dropout ?? 0) > 0) throw new Error(`pytorch-search.py has no dropout; ${archLabel(arch)} has ${arch.dropout}`);
  const activation = arch.activation ?? 'relu';
  if (activation !== 'relu' && activation !== 'tanh') throw new Error(`pytorch-search.py knows relu and tanh, not ${activation}`);
  return { label: archLabel(arch), hidden: [...arch.hidden], activation, params };
}

function writeSplit(dir: string, name: string, part: SplitPart): void {
  writeFileSync(join(dir, `${name}-x.f32`), Buffer.from(part.features.buffer, part.features.byteOffset, part.features.byteLength));
  writeFileSync(join(dir, `${name}-y.i32`), Buffer.from(part.labels.buffer, part.labels.byteOffset, part.labels.byteLength));
}

/** Prepares the request's data and search as startSearch would, and writes them under `dir`. */
export async function exportSearch(request: SearchRequest, dir: string): Promise<{ spec: ExportedSearch; data: PreparedData }> {
  const config = resolveRunConfig(request);
  if (config.strategy !== 'greedy') throw new Error(`pytorch-search.py reproduces the greedy strategy, not '${config.strategy}'`);
  if (config.space.construct) throw new Error(`pytorch-search.py selects from candidates only; space '${config.space.name}' constructs archs`);
  if (config.space.scratchIntermediates) throw new Error('pytorch-search.py does not train scratch intermediates');
  const data = prepareData(await loadDataset(config.dataset, datasetLoadOptions(config)), config.split);
  if (data.rootTrain && data.rootTrain.count > 0) throw new Error('pytorch-search.py has no root share');
  const controller = createController(config.space, {
    strategy: config.strategy,
    methods: config.methods.map((key) => ({ key, grid: config.space.methods[key] ?? [] })),
    seeds: config.seeds,
    exampleShape: data.exampleShape,
    numClasses: data.numClasses,
  });
  const { search } = controller;
  const paramsOf = (arch: Arch) => search.proposerContext.complexity(arch).params;
  const training = Object.fromEntries(
    (['root', 'scratch', 'intermediate', 'target'] as const).map((role) => {
      const settings = controller.trainSettingsFor({ role });
      if ((settings.weightDecay ?? 0) > 0 || settings.tune || settings.signalFolds) {
        throw new Error(`pytorch-search.py trains without weight decay, tuning or cross-fitting; the ${role} settings have them`);
      }
      const { maxEpochs, batchSize, learningRate, patience } = settings;
      return [role, { maxEpochs, batchSize, learningRate, patience }];
    }),
  ) as ExportedSearch['training'];
  const configs = search.configs.map((config, i) => {
    if (config.method !== 'kd' && config.method !== 'sratio' && config.method !== 'profweight') {
      throw new Error(`pytorch-search.py reproduces kd, profweight and sratio, not ${config.method}`);
    }
    const params = transferMethods.get(config.method).validateParams(config.params, `configs[${i}]`);
    return { method: config.method, params, needsStudentScratch: config.needsStudentScratch };
  });
  const spec: ExportedSearch = {
    space: config.space.name,
    dataset: config.dataset,
    features: data.exampleShape.reduce((a, b) => a * b, 1),
    numClasses: data.numClasses,
    counts: { train: data.train.count, validation: data.validation.count, test: data.test.count },
    root: exportArch(config.space.root.arch, paramsOf(config.space.root.arch)),
    target: exportArch(config.space.target.arch, paramsOf(config.space.target.arch)),
    candidates: config.space.candidates.map((arch) => exportArch(arch, paramsOf(arch))),
    training,
    configs,
    seeds: [...search.seeds],
    minGain: search.minGain,
    standardErrors: search.standardErrors,
    maxDepth: search.maxDepth,
    // teacher-signal.ts's trainLinearProbes defaults: batch 128, Adam 0.01.
    probes: { epochs: config.probeEpochs, batchSize: 128, learningRate: 0.01 },
  };
  mkdirSync(dir, { recursive: true });
  for (const name of ['train', 'validation', 'test'] as const) writeSplit(dir, name, data[name]);
  writeFileSync(join(dir, 'search.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return { spec, data };
}

import { join } from 'node:path';
import { ConfigError, DataError, MultihopError, type PreparedData } from '../core/index.js';
import { loadDataset, prepareData } from '../data/index.js';
import { datasetLoadOptions, storedRunConfig } from '../config/index.js';
import type { NodeRecord, ResultsStore, RunRecord } from '../store/index.js';
import { familyOf } from '../models/index.js';
import { summariseRun } from '../report/index.js';
import { EXPORT_FILES, type ExportManifest, type ExportedChainLink } from './export-manifest.js';
import { checkExportFolder, writeExportFile } from './export-folder.js';
import { writeOnnxExport } from './onnx-export.js';

/** What `multihop export` was asked for. */
export interface ExportOptions {
  /** Folder to write the model's files and `multihop.json` into (created if missing). */
  outDir: string;
  /** Node to export; default: the run's best simple model (see defaultExportNode). */
  nodeKey?: string;
  /** Overwrite an earlier export in `outDir` (see checkExportFolder; a file at `outDir` is never replaced). */
  force?: boolean;
  /** 'model' (default): the family's own files; 'onnx': `model.onnx` (tree, forest, linear and mlp only). */
  format?: 'model' | 'onnx';
}

/**
 * The node `multihop export` picks when none is named: the run's best simple model (`best` of
 * `multihop show --json`: of the reported targets, scratch, 1-hop or multihop, every budget target,
 * the highest mean validation accuracy over seeds), and of its seeds the trained node with the
 * highest validation accuracy (the lower seed on a tie). Selection reads validation only, as the
 * search does.
 */
export function defaultExportNode(store: ResultsStore, runId: string): string {
  const keys = summariseRun(store, runId).best?.nodeKeys ?? [];
  let best: { key: string; validation: number } | null = null;
  for (const key of keys) {
    const node = store.getNode(runId, key);
    const validation = node?.validation?.accuracy;
    if (!node || node.status !== 'done' || !node.hasWeights || validation === undefined || !Number.isFinite(validation)) continue;
    if (best === null || validation > best.validation) best = { key, validation };
  }
  if (!best) {
    throw new MultihopError(`run ${runId} has no trained target model yet (finish it with 'multihop resume ${runId}'), or pass --node KEY`);
  }
  return best.key;
}

/** The run's data prepared exactly as the search prepared it (same file, same split, same standardisation). */
export async function preparedRunData(run: RunRecord): Promise<{ data: PreparedData; encoding: ExportManifest['preprocessing']['encoding'] }> {
  const config = storedRunConfig(run.id, run.config);
  const dataset = await loadDataset(config.dataset, datasetLoadOptions(config));
  if (dataset.hash !== run.dataset.hash) {
    throw new DataError(
      `run ${run.id}: dataset '${config.dataset}' has changed since the run (hash ${dataset.hash.slice(0, 12)} ≠ ${run.dataset.hash.slice(0, 12)}); restore the original file`,
    );
  }
  return { data: prepareData(dataset, run.split), encoding: dataset.encoding };
}

/** The user's own model when `node` is the root of a run started with `--teacher`, else null. */
function externalRootOf(node: NodeRecord): { kind: string; path: string; sha256: string } | null {
  const { teacher, path, sha256 } = node.params;
  if (node.role !== 'root' || typeof teacher !== 'string' || typeof path !== 'string' || typeof sha256 !== 'string') return null;
  return { kind: teacher, path, sha256 };
}

function chainTo(store: ResultsStore, runId: string, node: NodeRecord): ExportedChainLink[] {
  const links: ExportedChainLink[] = [];
  const seen = new Set<string>();
  for (let current: NodeRecord | null = node; current; ) {
    if (seen.has(current.key)) throw new MultihopError(`run ${runId}: node '${current.key}' is its own ancestor; the store is corrupt`);
    seen.add(current.key);
    links.unshift({
      key: current.key,
      archLabel: current.archLabel,
      arch: externalRootOf(current) ? null : current.arch,
      params: current.complexity.params,
      method: current.method,
      methodParams: current.params,
      seed: current.seed,
      validationAccuracy: current.validation?.accuracy ?? null,
      testAccuracy: current.test?.accuracy ?? null,
    });
    current = current.parentKey === null ? null : store.getNode(runId, current.parentKey);
  }
  return links;
}

/**
 * Writes one trained node of a run in its family's format (a TF.js layers model, `model.json` +
 * `weights.bin`, for networks) or as `model.onnx` (`format: 'onnx'`), plus `multihop.json` (arch,
 * preprocessing, class names, the chain that produced it). Returns the manifest written.
 */
export async function exportModel(store: ResultsStore, runId: string, options: ExportOptions): Promise<ExportManifest> {
  checkExportFolder(options.outDir, options.force ?? false);
  const run = store.getRun(runId);
  if (!run) throw new MultihopError(`no run '${runId}' in ${store.path}; list them with 'multihop runs'`);
  const nodeKey = options.nodeKey ?? defaultExportNode(store, runId);
  const node = store.getNode(runId, nodeKey);
  if (!node) throw new ConfigError(`--node: run ${runId} has no node '${nodeKey}'; list them with 'multihop report ${runId} --format md'`);
  const external = externalRootOf(node);
  if (external) {
    // The run never had the model's weights (it only measured the file), and a copy of the user's
    // own file would add nothing but a second place for it to go stale.
    throw new ConfigError(
      `--node ${nodeKey}: the root of run ${runId} is your own ${external.kind === 'predictions' ? 'predictions file' : `${external.kind} model`} at ${external.path} (sha256 ${external.sha256.slice(0, 12)}…), measured but never trained, so it is not re-exported; use that file, or export a target (omit --node)`,
    );
  }
  if (node.status !== 'done' || !node.hasWeights) {
    throw new ConfigError(`--node: node '${nodeKey}' of run ${runId} is ${node.status}, not a trained model; choose a done node`);
  }
  const { data, encoding } = await preparedRunData(run);
  const runtime = await familyOf(node.arch).runtime();
  const weights = store.getWeights(runId, nodeKey);
  const onnx = options.format === 'onnx' ? await writeOnnxExport(runtime, node, data, encoding !== undefined, weights, options.outDir) : undefined;
  if (!onnx) await runtime.saveModel(node.arch, data.exampleShape, data.numClasses, weights, options.outDir);
  const manifest: ExportManifest = {
    format: 'multihop-model',
    version: 1,
    runId,
    nodeKey,
    arch: node.arch,
    archLabel: node.archLabel,
    params: node.complexity.params,
    output: onnx ? 'probabilities' : 'logits',
    ...(onnx ? { modelFormat: 'onnx' as const, onnx } : {}),
    dataset: run.dataset,
    split: { ...run.split },
    preprocessing: {
      exampleShape: data.exampleShape,
      featureNames: data.featureNames,
      standardisation: data.standardisation
        ? { mean: Array.from(data.standardisation.mean), std: Array.from(data.standardisation.std) }
        : null,
      ...(encoding ? { encoding } : {}),
      classNames: data.classNames,
    },
    metrics: {
      train: node.train?.accuracy ?? null,
      validation: node.validation?.accuracy ?? null,
      test: node.test?.accuracy ?? null,
    },
    chain: chainTo(store, runId, node),
    exportedAt: new Date().toISOString(),
  };
  writeExportFile(join(options.outDir, EXPORT_FILES.manifest), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

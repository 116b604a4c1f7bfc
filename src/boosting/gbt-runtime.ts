/**
 * The gbt family's runtime (pure TypeScript): boosting (gbt-train.ts) on the rows with a positive
 * weight, gradients and hessians multiplied by the example weights, soft targets as the KD mixture
 * q = (1−α)·onehot(y) + α·softmax(z_T/τ) fitted through the softmax gradient p − q (after Hinton,
 * Vinyals & Dean 2015; the same target the linear family uses). Deterministic without a seed: no
 * row or feature subsampling.
 *
 * Probes (issue 11 point 3): the partial ensembles after ⌈R/4⌉, ⌈R/2⌉ and ⌈3R/4⌉ rounds (those
 * below R, duplicates dropped), named `rounds:k`, then the full model as 'output'.
 */
import type { EpochRecord, GbtArch, ProbeSignal } from '../core/index.js';
import { gbtFamily } from '../models/gbt-family.js';
import type { FamilyRuntime, LoadedModel } from '../models/index.js';
import {
  epochRecord,
  fitSetup,
  loadJsonModel,
  logitsOf,
  outputProbe,
  pureTrainResult,
  saveJsonModel,
  softmaxRows,
} from '../fit/index.js';
import { addRounds, ensembleProbabilities, initialScores, packEnsemble, unpackEnsemble } from './gbt-model.js';
import { fitBoosting } from './gbt-train.js';

const MODEL_FILE = gbtFamily.exportFiles[0];
const flat = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The rounds after which a teacher signal probes the partial ensemble. */
export function probeRounds(rounds: number): number[] {
  const ks = [0.25, 0.5, 0.75].map((f) => Math.ceil(f * rounds)).filter((k) => k >= 1 && k < rounds);
  return [...new Set(ks)];
}

/** Training, partial-ensemble probes, prediction and gbt-model.json files for gbt archs. */
export const gbtRuntime: FamilyRuntime<GbtArch> = {
  async train(data, arch, _settings, inputs, _seed, options = {}) {
    const started = performance.now();
    const { width, classes, split, rows } = fitSetup(data, inputs, options);
    const validation = data.validation;
    const history: EpochRecord[] = [];
    let validationScores: Float64Array | null = null;
    const fit = fitBoosting(rows, width, classes, gbtFamily.canonical(arch) as Required<GbtArch>, ({ round, trainLoss, trees, initial }) => {
      validationScores ??= initialScores(initial, validation.count);
      addRounds({ classes, rounds: 1, trees, initial }, validation.features, validation.count, width, 0, 1, validationScores);
      const record = epochRecord(round, trainLoss, data, softmaxRows(validationScores, validation.count, classes));
      history.push(record);
      options.onEpoch?.(record);
    });
    const weights = packEnsemble(fit.trees, fit.initial);
    const ensemble = unpackEnsemble(weights, classes);
    // The loop already holds the ensemble's raw scores on the rows it fitted (when they are the
    // split's own rows: none dropped for a zero weight, none added) and on validation, summed in
    // the order prediction sums them: only other rows are routed through the trees again.
    const known = new Map<Float32Array, Float64Array>();
    if (rows.features === split.features) known.set(split.features, fit.scores);
    const scoredValidation = validationScores as Float64Array | null;
    if (scoredValidation) known.set(validation.features, scoredValidation);
    const predict = (features: Float32Array, count: number) => {
      const scores = known.get(features);
      return scores ? softmaxRows(scores, count, classes) : ensembleProbabilities(ensemble, features, count, width);
    };
    return pureTrainResult(data, split, predict, { weights, epochs: arch.rounds, history }, started);
  },

  async teacherSignal(data, _arch, weights) {
    const width = flat(data.exampleShape);
    const ensemble = unpackEnsemble(weights, data.numClasses);
    const { train, validation } = data;
    const trainScores = initialScores(ensemble.initial, train.count);
    const validationScores = initialScores(ensemble.initial, validation.count);
    const probes: ProbeSignal[] = [];
    let done = 0;
    const probabilitiesAfter = (rounds: number) => {
      addRounds(ensemble, train.features, train.count, width, done, rounds, trainScores);
      addRounds(ensemble, validation.features, validation.count, width, done, rounds, validationScores);
      done = rounds;
      return {
        train: softmaxRows(trainScores, train.count, ensemble.classes),
        validation: softmaxRows(validationScores, validation.count, ensemble.classes),
      };
    };
    for (const k of probeRounds(ensemble.rounds)) {
      const p = probabilitiesAfter(k);
      probes.push(outputProbe(`rounds:${k}`, data, p.train, p.validation));
    }
    const full = probabilitiesAfter(ensemble.rounds);
    probes.push(outputProbe('output', data, full.train, full.validation));
    return { trainLogits: logitsOf(full.train), probes };
  },

  fromWeights(_arch, exampleShape, numClasses, weights): LoadedModel {
    const width = flat(exampleShape);
    const ensemble = unpackEnsemble(weights, numClasses);
    return {
      predictProbabilities: (features, count) => ensembleProbabilities(ensemble, features, count, width),
      dispose: () => undefined,
    };
  },

  async saveModel(arch, exampleShape, numClasses, weights, dir) {
    unpackEnsemble(weights, numClasses);
    saveJsonModel(dir, MODEL_FILE, { arch: gbtFamily.canonical(arch), exampleShape, numClasses, weights });
  },

  async loadModel(dir, expected) {
    return loadJsonModel(dir, MODEL_FILE, gbtFamily.schema, expected, (model) =>
      gbtRuntime.fromWeights(model.arch, model.exampleShape, model.numClasses, model.weights),
    );
  },
};

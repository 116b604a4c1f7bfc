/**
 * The parts of a pure-TypeScript family runtime (linear, gbt) that do not depend on the model:
 * choosing and weighting the training rows, assembling a TrainResult, and the teacher signal's
 * output probe.
 */
import {
  ConfigError,
  DataError,
  type EpochRecord,
  type PreparedData,
  type ProbeSignal,
  type SplitPart,
  type TrainInputs,
  type TrainResult,
} from '../core/index.js';
import type { TrainOptions } from '../models/index.js';
import { argmaxRow, splitMetrics, targetDistribution, trueLabelConfidence } from './class-targets.js';
import { checkExtraRowsCombination, withExtraRows } from './extra-rows.js';

/** Class probabilities (count × classes) of `count` flat, preprocessed rows. */
export type PredictFn = (features: Float32Array, count: number) => Float32Array;

/** The rows a model is fitted to: those with a positive weight, with their weights and targets. */
export interface TrainingRows {
  features: Float32Array;
  labels: Int32Array;
  count: number;
  /** Per-row weight (1 without `sampleWeights`, and for extra rows). */
  weights: Float64Array;
  /** count × classes target distributions (one-hot, the KD mixture, or an extra row's own). */
  targets: Float64Array;
}

/** What a pure family's `train` starts from: the flat width, the class count, the split trained on and its weighted rows. */
export interface FitSetup {
  width: number;
  classes: number;
  split: SplitPart;
  rows: TrainingRows;
}

/** The split `options.trainOn` names and its rows to fit (see {@link trainingRows}). */
export function fitSetup(data: PreparedData, inputs: TrainInputs, options: TrainOptions): FitSetup {
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const split = trainedSplit(data, options, inputs);
  return { width, classes: data.numClasses, split, rows: trainingRows(split, width, data.numClasses, inputs) };
}

/** The split `options.trainOn` names (`train` unless `rootTrain`). */
export function trainedSplit(data: PreparedData, options: TrainOptions, inputs: TrainInputs): SplitPart {
  if ((options.trainOn ?? 'train') === 'train') return data.train;
  if (!data.rootTrain || data.rootTrain.count === 0) {
    throw new ConfigError(`trainOn 'rootTrain' needs rows reserved for the root; set the split option rootShare > 0`);
  }
  if (inputs.sampleWeights || inputs.softTargets || inputs.extraRows) {
    throw new ConfigError(`transfer inputs describe the 'train' split; they cannot be used with trainOn 'rootTrain'`);
  }
  return data.rootTrain;
}

/**
 * The rows of `split` to fit, zero-weight rows dropped, with their weights and target distributions,
 * followed by `inputs.extraRows` (weight 1, their own targets; extra-rows.ts).
 * @throws DataError when the weights, teacher logits or extra rows do not fit the split
 */
export function trainingRows(split: SplitPart, width: number, classes: number, inputs: TrainInputs): TrainingRows {
  return withExtraRows(splitRows(split, width, classes, inputs), inputs, width, classes);
}

function splitRows(split: SplitPart, width: number, classes: number, inputs: TrainInputs): TrainingRows {
  const { sampleWeights, softTargets } = inputs;
  checkExtraRowsCombination(inputs);
  const allTargets = targetDistribution(split.labels, split.count, classes, softTargets);
  if (!sampleWeights) {
    return { ...split, weights: new Float64Array(split.count).fill(1), targets: allTargets };
  }
  if (sampleWeights.length !== split.count) {
    throw new DataError(`sample weights have ${sampleWeights.length} entries but the training split has ${split.count} rows`);
  }
  const rows: number[] = [];
  sampleWeights.forEach((weight, i) => {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new DataError(`sample weight ${i} is ${weight}; weights must be finite and ≥ 0`);
    if (weight > 0) rows.push(i);
  });
  if (rows.length === 0) throw new DataError('every sample weight is 0; nothing to train on');
  const features = new Float32Array(rows.length * width);
  const targets = new Float64Array(rows.length * classes);
  rows.forEach((row, i) => {
    features.set(split.features.subarray(row * width, (row + 1) * width), i * width);
    targets.set(allTargets.subarray(row * classes, (row + 1) * classes), i * classes);
  });
  return {
    features,
    labels: Int32Array.from(rows, (row) => split.labels[row]),
    count: rows.length,
    weights: Float64Array.from(rows, (row) => sampleWeights[row]),
    targets,
  };
}

/**
 * The TrainResult of a fitted model: probabilities and unweighted metrics on the split trained on
 * (every row, zero-weight ones included, as the network runtime reports them), validation and test.
 */
export function pureTrainResult(
  data: PreparedData,
  trained: SplitPart,
  predict: PredictFn,
  fit: Pick<TrainResult, 'weights' | 'epochs' | 'history'>,
  startedMs: number,
): TrainResult {
  const classes = data.numClasses;
  const parts = { train: trained, validation: data.validation, test: data.test };
  const probabilities = {
    train: predict(parts.train.features, parts.train.count),
    validation: predict(parts.validation.features, parts.validation.count),
    test: predict(parts.test.features, parts.test.count),
  };
  const metrics = (key: keyof typeof parts) => splitMetrics(probabilities[key], parts[key].labels, parts[key].count, classes);
  return {
    ...fit,
    train: metrics('train'),
    validation: metrics('validation'),
    test: metrics('test'),
    wallMs: performance.now() - startedMs,
    probabilities,
  };
}

/** One history record: training objective, validation cross-entropy and accuracy. */
export function epochRecord(epoch: number, loss: number, data: PreparedData, validationProbabilities: Float32Array): EpochRecord {
  const { accuracy, loss: valLoss } = splitMetrics(validationProbabilities, data.validation.labels, data.validation.count, data.numClasses);
  return { epoch, loss, valLoss, valAccuracy: accuracy };
}

/** A probe of a model's (or partial ensemble's) own output: validation accuracy and train-split true-label confidence. */
export function outputProbe(layer: string, data: PreparedData, trainProbabilities: Float32Array, validationProbabilities: Float32Array): ProbeSignal {
  const classes = data.numClasses;
  const validation = data.validation;
  let correct = 0;
  for (let i = 0; i < validation.count; i++) if (argmaxRow(validationProbabilities, i * classes, classes) === validation.labels[i]) correct++;
  return {
    layer,
    validationAccuracy: validation.count > 0 ? correct / validation.count : Number.NaN,
    trainTrueConfidence: trueLabelConfidence(trainProbabilities, data.train.labels, classes),
  };
}

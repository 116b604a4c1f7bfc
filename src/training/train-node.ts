import * as tf from '@tensorflow/tfjs';
import {
  ConfigError,
  DataError,
  TrainingError,
  createRng,
  deriveSeed,
  type Arch,
  type EpochRecord,
  type PreparedData,
  type SplitPart,
  type TrainInputs,
  type TrainResult,
  type TrainSettings,
} from '../core/index.js';
import { fastAdam } from '../kernels/index.js';
import { buildModel } from '../models/index.js';
import { crossEntropy, kdLossFromSoftTargets, teacherSoftTargets, type TeacherSoftTargets } from './kd-loss.js';
import { dropoutLayers, reseedDropout } from './dropout-seeds.js';
import { serialiseWeights } from './model-weights.js';
import { evaluateSplit } from './predict.js';

export interface TrainNodeOptions {
  /** Which rows to train on: the student's `train` split (default) or the root's `rootTrain`. */
  trainOn?: 'train' | 'rootTrain';
  /** Called after every epoch with its losses (progress bars, logs). */
  onEpoch?: (record: EpochRecord) => void;
}

/**
 * Trains one node: `buildModel(arch, …, seed)`, Adam, seeded shuffled mini-batches, early stopping
 * on validation cross-entropy with `patience`, best weights restored.
 *
 * Batch loss = mean_i w_i·ℓ_i over the batch, with ℓ_i plain cross-entropy, or the KD loss when
 * `inputs.softTargets` is set; w_i = `inputs.sampleWeights` (1 when absent), and examples with
 * w_i = 0 never enter a batch. `train` metrics and probabilities in the result are on the rows
 * trained on (unweighted cross-entropy); the same seed on the same backend gives the same result.
 */
export async function trainNode(
  data: PreparedData,
  arch: Arch,
  settings: TrainSettings,
  inputs: TrainInputs,
  seed: number,
  options: TrainNodeOptions = {},
): Promise<TrainResult> {
  const started = performance.now();
  checkSettings(settings);
  const trainOn = options.trainOn ?? 'train';
  const split = trainingSplit(data, trainOn, inputs);
  if (data.validation.count === 0) {
    throw new DataError(`dataset '${data.name}' has an empty validation split; early stopping needs one`);
  }
  const numClasses = data.numClasses;
  const active = activeExamples(split, inputs, numClasses);
  const width = data.exampleShape.reduce((a, b) => a * b, 1);

  const x = tf.tensor2d(split.features, [split.count, width]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(split.labels, 'int32'), numClasses).toFloat() as tf.Tensor2D);
  const w = inputs.sampleWeights ? tf.tensor1d(inputs.sampleWeights) : null;
  const soft = inputs.softTargets;
  let teacher: TeacherSoftTargets | null = null;
  if (soft) {
    const teacherLogits = tf.tensor2d(soft.teacherLogits, [split.count, numClasses]);
    teacher = teacherSoftTargets(teacherLogits, soft.temperature);
    teacherLogits.dispose();
  }
  const model = buildModel(arch, data.exampleShape, numClasses, seed);
  // TF.js's Adam, with one fused native update per variable on wasm when the addon is built.
  const optimizer = fastAdam(settings.learningRate);
  let best: tf.Tensor[] | null = null;

  try {
    const rng = createRng(deriveSeed(seed, 'batches'));
    const dropout = dropoutLayers(model);
    const dropoutRng = createRng(deriveSeed(seed, 'dropout-masks'));
    const history: EpochRecord[] = [];
    let bestLoss = Number.POSITIVE_INFINITY;
    let sinceBest = 0;
    for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
      const order = rng.shuffle(active.slice());
      // One gather per epoch puts the rows in batch order; batches are then contiguous slices,
      // far cheaper on wasm than five row gathers per step.
      const index = tf.tensor1d(order, 'int32');
      const inOrder = <T extends tf.Tensor>(t: T): T => tf.gather(t, index) as T;
      const epoch_ = {
        x: inOrder(x),
        y: inOrder(y),
        w: w ? inOrder(w) : null,
        probabilities: teacher ? inOrder(teacher.probabilities) : null,
        negEntropy: teacher ? inOrder(teacher.negEntropy) : null,
      };
      index.dispose();
      let lossSum: tf.Scalar = tf.scalar(0);
      let loss: number;
      try {
        for (let start = 0; start < order.length; start += settings.batchSize) {
          const size = Math.min(settings.batchSize, order.length - start);
          const rows = <T extends tf.Tensor>(t: T): T => tf.slice(t, start, size) as T;
          reseedDropout(dropout, dropoutRng);
          const cost = optimizer.minimize(() => {
            const logits = model.apply(rows(epoch_.x), { training: true }) as tf.Tensor2D;
            const labels = rows(epoch_.y);
            const perExample =
              soft && epoch_.probabilities && epoch_.negEntropy
                ? kdLossFromSoftTargets(
                    logits,
                    { probabilities: rows(epoch_.probabilities), negEntropy: rows(epoch_.negEntropy) },
                    labels,
                    soft.temperature,
                    soft.alpha,
                  )
                : crossEntropy(logits, labels);
            return tf.mean(epoch_.w ? tf.mul(perExample, rows(epoch_.w)) : perExample) as tf.Scalar;
          }, true) as tf.Scalar;
          const previous = lossSum;
          lossSum = tf.tidy(() => tf.add(previous, tf.mul(cost, size)));
          previous.dispose();
          cost.dispose();
        }
        loss = (await lossSum.data())[0] / order.length;
      } finally {
        lossSum.dispose();
        tf.dispose(Object.values(epoch_).filter((t): t is NonNullable<typeof t> => t !== null));
      }
      if (!Number.isFinite(loss)) {
        throw new TrainingError(
          `training ${JSON.stringify(arch)} on '${data.name}' diverged at epoch ${epoch} (loss ${loss}); lower the learning rate or check the teacher logits for non-finite values`,
        );
      }
      const validation = evaluateSplit(model, data.validation).metrics;
      const record: EpochRecord = { epoch, loss, valLoss: validation.loss, valAccuracy: validation.accuracy };
      history.push(record);
      options.onEpoch?.(record);
      if (validation.loss < bestLoss) {
        bestLoss = validation.loss;
        sinceBest = 0;
        if (best) tf.dispose(best);
        best = model.getWeights().map((v) => v.clone());
      } else if (++sinceBest >= settings.patience) {
        break;
      }
    }
    if (best) model.setWeights(best);

    const trained = evaluateSplit(model, split);
    const validation = evaluateSplit(model, data.validation);
    const test = evaluateSplit(model, data.test);
    return {
      weights: serialiseWeights(model.getWeights()),
      train: trained.metrics,
      validation: validation.metrics,
      test: test.metrics,
      epochs: history.length,
      wallMs: performance.now() - started,
      history,
      probabilities: { train: trained.probabilities, validation: validation.probabilities, test: test.probabilities },
    };
  } finally {
    if (best) tf.dispose(best);
    tf.dispose([x, y]);
    w?.dispose();
    if (teacher) tf.dispose([teacher.probabilities, teacher.negEntropy]);
    optimizer.dispose();
    model.dispose();
  }
}

function checkSettings(settings: TrainSettings): void {
  const positiveInt = (name: keyof TrainSettings, min: number): void => {
    const value = settings[name];
    if (!Number.isInteger(value) || value < min) {
      throw new ConfigError(`training setting '${name}' must be an integer ≥ ${min}; got ${value}`);
    }
  };
  positiveInt('maxEpochs', 1);
  positiveInt('batchSize', 1);
  positiveInt('patience', 0);
  if (!(settings.learningRate > 0) || !Number.isFinite(settings.learningRate)) {
    throw new ConfigError(`training setting 'learningRate' must be a number > 0; got ${settings.learningRate}`);
  }
}

function trainingSplit(data: PreparedData, trainOn: 'train' | 'rootTrain', inputs: TrainInputs): SplitPart {
  if (trainOn === 'train') return data.train;
  if (!data.rootTrain || data.rootTrain.count === 0) {
    throw new ConfigError(`trainOn 'rootTrain' needs rows reserved for the root; set the split option rootShare > 0`);
  }
  if (inputs.sampleWeights || inputs.softTargets) {
    throw new ConfigError(`transfer inputs describe the 'train' split; they cannot be used with trainOn 'rootTrain'`);
  }
  return data.rootTrain;
}

/** Indices of the rows that enter batches: every row, or those with a positive weight. */
function activeExamples(split: SplitPart, inputs: TrainInputs, numClasses: number): Int32Array {
  const { sampleWeights, softTargets } = inputs;
  if (softTargets && softTargets.teacherLogits.length !== split.count * numClasses) {
    throw new DataError(
      `teacher logits have ${softTargets.teacherLogits.length} values; expected ${split.count} training rows × ${numClasses} classes`,
    );
  }
  if (!sampleWeights) return Int32Array.from({ length: split.count }, (_, i) => i);
  if (sampleWeights.length !== split.count) {
    throw new DataError(`sample weights have ${sampleWeights.length} entries but the training split has ${split.count} rows`);
  }
  const rows: number[] = [];
  for (let i = 0; i < sampleWeights.length; i++) {
    const weight = sampleWeights[i];
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new DataError(`sample weight ${i} is ${weight}; weights must be finite and ≥ 0`);
    }
    if (weight > 0) rows.push(i);
  }
  if (rows.length === 0) throw new DataError('every sample weight is 0; nothing to train on');
  return Int32Array.from(rows);
}

import * as tf from '../backend/tfjs.js';
import {
  ConfigError,
  DataError,
  TrainingError,
  createRng,
  deriveSeed,
  type NetworkArch,
  type EpochRecord,
  type ModelWeights,
  type PreparedData,
  type SplitMetrics,
  type SplitPart,
  type TrainInputs,
  type TrainResult,
  type TrainSettings,
} from '../core/index.js';
import { checkExtraRows, checkExtraRowsCombination } from '../fit/index.js';
import { fastAdam } from '../kernels/index.js';
import type { TrainOptions } from '../models/index.js';
import { buildModel } from './network-builder.js';
import { crossEntropy, kdLossFromSoftTargets, teacherSoftTargets } from './kd-loss.js';
import { dropoutLayers, reseedDropout } from './dropout-seeds.js';
import { loadWeights, serialiseWeights } from './model-weights.js';
import { evaluateSplit, metricsFromProbabilities } from './predict.js';
import { FusedMlpTrainer } from './fused-mlp-step.js';

/**
 * Trains one node: `buildModel(arch, …, seed)`, Adam, seeded shuffled mini-batches, early stopping
 * on validation cross-entropy with `patience`, best weights restored.
 *
 * Batch loss = mean_i w_i·ℓ_i over the batch (+ weightDecay/2 · Σ‖kernel‖² when weightDecay > 0),
 * with ℓ_i plain cross-entropy, or the KD loss when
 * `inputs.softTargets` is set; w_i = `inputs.sampleWeights` (1 when absent), and examples with
 * w_i = 0 never enter a batch. `inputs.extraRows` (compression's synthetic rows) join the shuffled
 * batches with weight 1 and ℓ_i = −Σ_c q_ic·log softmax(z_S)_c against their own target
 * distribution q_i. `train` metrics and probabilities in the result are on the split's rows
 * (unweighted cross-entropy, extra rows left out); the same seed on the same backend gives the
 * same result.
 */
export async function trainNode(
  data: PreparedData,
  arch: NetworkArch,
  settings: TrainSettings,
  inputs: TrainInputs,
  seed: number,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const started = performance.now();
  checkSettings(settings);
  const trainOn = options.trainOn ?? 'train';
  const split = trainingSplit(data, trainOn, inputs);
  if (data.validation.count === 0) {
    throw new DataError(`dataset '${data.name}' has an empty validation split; early stopping needs one`);
  }
  const numClasses = data.numClasses;
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const extra = inputs.extraRows;
  if (extra) {
    checkExtraRowsCombination(inputs);
    checkExtraRows(extra, width, numClasses);
  }
  const active = activeExamples(split, inputs, numClasses);
  // Extra rows are indexed after the split's: row split.count + j is extra row j.
  const extraWeights = extra && inputs.sampleWeights ? new Float32Array(extra.count).fill(1) : undefined;

  // Each batch is assembled on the JS side from these arrays and uploaded as its own tensors:
  // on wasm a tf.gather of the epoch's rows (2048×784) took as long as the four training steps
  // it fed, and a tf.slice of the batch inside the loss added 0.3–3.5 ms per step (b128–b512).
  const soft = inputs.softTargets;
  let teacher: { probabilities: Float32Array; negEntropy: Float32Array } | null = null;
  if (soft) {
    const teacherLogits = tf.tensor2d(soft.teacherLogits, [split.count, numClasses]);
    const targets = teacherSoftTargets(teacherLogits, soft.temperature);
    teacher = {
      probabilities: Float32Array.from(targets.probabilities.dataSync()),
      negEntropy: Float32Array.from(targets.negEntropy.dataSync()),
    };
    tf.dispose([teacherLogits, targets.probabilities, targets.negEntropy]);
  }
  const model = buildModel(arch, data.exampleShape, numClasses, seed);
  // TF.js's Adam, with one fused native update per variable on wasm when the addon is built.
  const optimizer = fastAdam(settings.learningRate);
  // The L2 penalty's weights: kernels only (biases are not shrunk), none without weight decay.
  const decay = settings.weightDecay ?? 0;
  const kernels = decay > 0 ? model.trainableWeights.filter((w) => /kernel/.test(w.originalName)).map((w) => w.read()) : [];
  // One native call per batch for dense networks when the addon and backend allow (fused-mlp-step.ts).
  const fused = FusedMlpTrainer.create(model, arch, settings.learningRate, decay, { split, inputs, teacher });

  try {
    const rng = createRng(deriveSeed(seed, 'batches'));
    const dropout = dropoutLayers(model);
    const dropoutRng = createRng(deriveSeed(seed, 'dropout-masks'));
    const history: EpochRecord[] = [];
    // The best epoch's weights as a float32 snapshot, not tensor clones: a clone shares the
    // variable's memory, so fastAdam's next in-place update would have to copy every variable.
    let best: ModelWeights | null = null;
    let bestLoss = Number.POSITIVE_INFINITY;
    let sinceBest = 0;
    // The TF.js step: one optimizer.minimize per batch; returns the epoch's row-weighted mean loss.
    const tfjsEpoch = (order: Int32Array): number => {
      // Per-batch mean costs, read once at the end of the epoch (one sync instead of a tensor
      // add and mul per step); the epoch loss is their row-weighted mean.
      const costs: Array<{ cost: tf.Scalar; size: number }> = [];
      let loss = 0;
      try {
        for (let start = 0; start < order.length; start += settings.batchSize) {
          const rows = order.subarray(start, Math.min(order.length, start + settings.batchSize));
          const size = rows.length;
          const batch = {
            x: tf.tensor2d(gatherRows(split.features, rows, width, extra?.features), [size, width]),
            y: tf.tensor2d(targetRows(split.labels, rows, numClasses, extra?.targets), [size, numClasses]),
            w: inputs.sampleWeights ? tf.tensor1d(gatherRows(inputs.sampleWeights, rows, 1, extraWeights)) : null,
            probabilities: teacher ? tf.tensor2d(gatherRows(teacher.probabilities, rows, numClasses), [size, numClasses]) : null,
            negEntropy: teacher ? tf.tensor1d(gatherRows(teacher.negEntropy, rows, 1)) : null,
          };
          try {
            reseedDropout(dropout, dropoutRng);
            const cost = optimizer.minimize(() => {
              const logits = model.apply(batch.x, { training: true }) as tf.Tensor2D;
              const perExample =
                soft && batch.probabilities && batch.negEntropy
                  ? kdLossFromSoftTargets(
                      logits,
                      { probabilities: batch.probabilities, negEntropy: batch.negEntropy },
                      batch.y,
                      soft.temperature,
                      soft.alpha,
                    )
                  : crossEntropy(logits, batch.y);
              const data = tf.mean(batch.w ? tf.mul(perExample, batch.w) : perExample) as tf.Scalar;
              return kernels.length > 0 ? (tf.add(data, tf.mul(decay / 2, tf.addN(kernels.map((k) => tf.sum(tf.square(k)))))) as tf.Scalar) : data;
            }, true) as tf.Scalar;
            costs.push({ cost, size });
          } finally {
            tf.dispose(Object.values(batch).filter((t): t is NonNullable<typeof t> => t !== null));
          }
        }
        for (const { cost, size } of costs) loss += (cost.dataSync() as Float32Array)[0] * size;
        loss /= order.length;
      } finally {
        tf.dispose(costs.map((c) => c.cost));
      }
      return loss;
    };
    for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
      const order = rng.shuffle(active.slice());
      const loss = fused ? fused.epoch(order, settings.batchSize) : tfjsEpoch(order);
      if (!Number.isFinite(loss)) {
        throw new TrainingError(
          `training ${JSON.stringify(arch)} on '${data.name}' diverged at epoch ${epoch} (loss ${loss}); lower the learning rate or check the teacher logits for non-finite values`,
        );
      }
      const validation = fused ? fused.metrics(data.validation) : evaluateSplit(model, data.validation).metrics;
      const record: EpochRecord = { epoch, loss, valLoss: validation.loss, valAccuracy: validation.accuracy };
      history.push(record);
      options.onEpoch?.(record);
      if (validation.loss < bestLoss) {
        bestLoss = validation.loss;
        sinceBest = 0;
        best = fused ? fused.weights() : serialiseWeights(model.getWeights());
      } else if (++sinceBest >= settings.patience) {
        break;
      }
    }
    // The fused step evaluates the kept weights itself, with the native forward pass its epochs
    // were selected by; the TF.js path loads them into the model.
    let evaluate: (part: SplitPart) => { probabilities: Float32Array; metrics: SplitMetrics };
    if (fused) {
      if (best) fused.restore(best);
      evaluate = (part) => {
        const probabilities = fused.probabilities(part.features, part.count);
        return { probabilities, metrics: metricsFromProbabilities(probabilities, part.labels) };
      };
    } else {
      if (best) loadWeights(model, best);
      evaluate = (part) => evaluateSplit(model, part);
    }
    const trained = evaluate(split);
    const validation = evaluate(data.validation);
    const test = evaluate(data.test);
    return {
      weights: fused ? fused.weights() : serialiseWeights(model.getWeights()),
      train: trained.metrics,
      validation: validation.metrics,
      test: test.metrics,
      epochs: history.length,
      wallMs: performance.now() - started,
      history,
      probabilities: { train: trained.probabilities, validation: validation.probabilities, test: test.probabilities },
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

function checkSettings(settings: TrainSettings): void {
  const positiveInt = (name: 'maxEpochs' | 'batchSize' | 'patience', min: number): void => {
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
  const decay = settings.weightDecay ?? 0;
  if (!(decay >= 0) || !Number.isFinite(decay)) throw new ConfigError(`training setting 'weightDecay' must be a number ≥ 0; got ${decay}`);
}

function trainingSplit(data: PreparedData, trainOn: 'train' | 'rootTrain', inputs: TrainInputs): SplitPart {
  if (trainOn === 'train') return data.train;
  if (!data.rootTrain || data.rootTrain.count === 0) {
    throw new ConfigError(`trainOn 'rootTrain' needs rows reserved for the root; set the split option rootShare > 0`);
  }
  if (inputs.sampleWeights || inputs.softTargets || inputs.extraRows) {
    throw new ConfigError(`transfer inputs describe the 'train' split; they cannot be used with trainOn 'rootTrain'`);
  }
  return data.rootTrain;
}

/**
 * Indices of the rows that enter batches: every row of the split, or those with a positive weight,
 * then every extra row (indices from split.count on).
 */
function activeExamples(split: SplitPart, inputs: TrainInputs, numClasses: number): Int32Array {
  const real = activeSplitRows(split, inputs, numClasses);
  const extra = inputs.extraRows?.count ?? 0;
  if (extra === 0) return real;
  const rows = new Int32Array(real.length + extra);
  rows.set(real);
  for (let j = 0; j < extra; j++) rows[real.length + j] = split.count + j;
  return rows;
}

function activeSplitRows(split: SplitPart, inputs: TrainInputs, numClasses: number): Int32Array {
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

/**
 * The `rows` of a row-major array with `width` values per row, in `rows` order; a row past the
 * end of `values` is read from `extra` (row values.length/width + j is extra row j).
 */
function gatherRows(values: Float32Array, rows: Int32Array, width: number, extra?: Float32Array): Float32Array {
  const count = values.length / width;
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const source = row < count ? values : extra!;
    const at = row < count ? row : row - count;
    if (width === 1) out[i] = source[at];
    else out.set(source.subarray(at * width, (at + 1) * width), i * width);
  }
  return out;
}

/** Target rows (count × numClasses): one-hot labels of split rows, the own distribution of extra rows. */
function targetRows(labels: Int32Array, rows: Int32Array, numClasses: number, extraTargets?: Float32Array): Float32Array {
  const out = new Float32Array(rows.length * numClasses);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row < labels.length) out[i * numClasses + labels[row]] = 1;
    else out.set(extraTargets!.subarray((row - labels.length) * numClasses, (row - labels.length + 1) * numClasses), i * numClasses);
  }
  return out;
}

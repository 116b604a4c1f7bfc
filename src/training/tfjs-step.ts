/**
 * The TF.js training step of train-node.ts: one `optimizer.minimize` per mini-batch on the model
 * buildModel makes, for everything the fused native step (fused-mlp-step.ts) does not train:
 * dropout, convolutions, a GPU or tfjs-node backend, no addon, or MULTIHOP_FUSED_STEP=0.
 */
import * as tf from '../backend/tfjs.js';
import { createRng, deriveSeed, type ModelWeights, type NetworkArch, type SplitMetrics, type SplitPart } from '../core/index.js';
import { fastAdam } from '../kernels/index.js';
import { buildModel } from './network-builder.js';
import { crossEntropy, kdLossFromSoftTargets } from './kd-loss.js';
import { dropoutLayers, reseedDropout } from './dropout-seeds.js';
import { loadWeights, serialiseWeights } from './model-weights.js';
import { evaluateSplit } from './predict.js';
import type { FusedTrainingRows } from './fused-mlp-step.js';

/** What train-node.ts asks of a training step, fused or TF.js. */
export interface NodeStep {
  /** One epoch over `order` in batches of `batchSize`; the row-weighted mean batch loss. */
  epoch(order: Int32Array, batchSize: number): number;
  /** Probabilities and metrics of the current weights on a split. */
  evaluate(part: SplitPart): { probabilities: Float32Array; metrics: SplitMetrics };
  /** A copy of the current weights in getWeights() order. */
  weights(): ModelWeights;
  /** Sets the weights, e.g. back to the best epoch's. */
  restore(weights: ModelWeights): void;
  dispose(): void;
}

export class TfjsStep implements NodeStep {
  private readonly model: tf.Sequential;
  private readonly optimizer: ReturnType<typeof fastAdam>;
  /** The L2 penalty's weights: kernels only (biases are not shrunk), none without weight decay. */
  private readonly kernels: tf.Tensor[];
  private readonly dropout: ReturnType<typeof dropoutLayers>;
  private readonly dropoutRng;
  private readonly width: number;
  private readonly numClasses: number;
  /** Weight 1 for every extra row when the split rows are weighted. */
  private readonly extraWeights: Float32Array | undefined;

  constructor(
    arch: NetworkArch,
    exampleShape: number[],
    numClasses: number,
    seed: number,
    learningRate: number,
    private readonly weightDecay: number,
    private readonly rows: FusedTrainingRows,
  ) {
    this.model = buildModel(arch, exampleShape, numClasses, seed);
    // TF.js's Adam, with one fused native update per variable on wasm when the addon is built.
    this.optimizer = fastAdam(learningRate);
    this.kernels = weightDecay > 0 ? this.model.trainableWeights.filter((w) => /kernel/.test(w.originalName)).map((w) => w.read()) : [];
    this.dropout = dropoutLayers(this.model);
    this.dropoutRng = createRng(deriveSeed(seed, 'dropout-masks'));
    this.width = exampleShape.reduce((a, b) => a * b, 1);
    this.numClasses = numClasses;
    const { inputs } = rows;
    this.extraWeights = inputs.extraRows && inputs.sampleWeights ? new Float32Array(inputs.extraRows.count).fill(1) : undefined;
  }

  // Each batch is assembled on the JS side and uploaded as its own tensors: on wasm a tf.gather
  // of the epoch's rows (2048×784) took as long as the four training steps it fed, and a tf.slice
  // of the batch inside the loss added 0.3–3.5 ms per step (b128–b512).
  epoch(order: Int32Array, batchSize: number): number {
    const { split, inputs, teacher } = this.rows;
    const { width, numClasses, model, kernels, weightDecay } = this;
    const extra = inputs.extraRows;
    const soft = inputs.softTargets;
    // Per-batch mean costs, read once at the end of the epoch (one sync instead of a tensor add
    // and mul per step); the epoch loss is their row-weighted mean.
    const costs: Array<{ cost: tf.Scalar; size: number }> = [];
    let loss = 0;
    try {
      for (let start = 0; start < order.length; start += batchSize) {
        const rows = order.subarray(start, Math.min(order.length, start + batchSize));
        const size = rows.length;
        const batch = {
          x: tf.tensor2d(gatherRows(split.features, rows, width, extra?.features), [size, width]),
          y: tf.tensor2d(targetRows(split.labels, rows, numClasses, extra?.targets), [size, numClasses]),
          w: inputs.sampleWeights ? tf.tensor1d(gatherRows(inputs.sampleWeights, rows, 1, this.extraWeights)) : null,
          probabilities: teacher ? tf.tensor2d(gatherRows(teacher.probabilities, rows, numClasses), [size, numClasses]) : null,
          negEntropy: teacher ? tf.tensor1d(gatherRows(teacher.negEntropy, rows, 1)) : null,
        };
        try {
          reseedDropout(this.dropout, this.dropoutRng);
          const cost = this.optimizer.minimize(() => {
            const logits = model.apply(batch.x, { training: true }) as tf.Tensor2D;
            const perExample =
              soft && batch.probabilities && batch.negEntropy
                ? kdLossFromSoftTargets(logits, { probabilities: batch.probabilities, negEntropy: batch.negEntropy }, batch.y, soft.temperature, soft.alpha)
                : crossEntropy(logits, batch.y);
            const data = tf.mean(batch.w ? tf.mul(perExample, batch.w) : perExample) as tf.Scalar;
            return kernels.length > 0 ? (tf.add(data, tf.mul(weightDecay / 2, tf.addN(kernels.map((k) => tf.sum(tf.square(k)))))) as tf.Scalar) : data;
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
  }

  evaluate(part: SplitPart): { probabilities: Float32Array; metrics: SplitMetrics } {
    return evaluateSplit(this.model, part);
  }

  // A float32 snapshot, not tensor clones: a clone shares the variable's memory, so fastAdam's
  // next in-place update would have to copy every variable.
  weights(): ModelWeights {
    return serialiseWeights(this.model.getWeights());
  }

  restore(weights: ModelWeights): void {
    loadWeights(this.model, weights);
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
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

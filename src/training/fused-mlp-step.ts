/**
 * The fused native training step for dense networks (issue 15 item 1): one addon call per
 * mini-batch gathers the rows, runs the forward pass, the loss train-node.ts defines (cross-entropy
 * against labels or an extra row's own targets, per-example weights, the KD loss of kd-loss.ts,
 * weightDecay/2·Σ‖kernel‖²), the backward pass and TF.js's Adam update (same β1, β2, ε and float32
 * bias correction as tf.train.adam / fastAdam), in place on float32 arrays laid out as
 * `model.getWeights()`. TF.js stays the model format: the weights start as buildModel's would
 * (initialMlpWeights) and leave as a ModelWeights snapshot in the same layout; the per-epoch and
 * final evaluations run here too.
 */
import type { Activation, ModelWeights, NetworkArch, SoftTargets, SplitMetrics, SplitPart, TrainInputs } from '../core/index.js';
import { backendName, FLOAT32_EPSILON } from '../backend/backend-state.js';
import { loadNativeKernels, nativeAbsentReason, type NativeKernels } from '../kernels/native-addon.js';
import { ARCH_DEFAULTS } from '../models/index.js';
import type { NodeStep } from './tfjs-step.js';
import { initialMlpWeights } from './initial-weights.js';
import { metricsFromProbabilities } from './metrics.js';

/** Activation codes of native/fused-mlp.h. */
export const ACTIVATION_CODES: Record<Activation, number> = { relu: 0, tanh: 1, elu: 2, sigmoid: 3 };

/** Set MULTIHOP_FUSED_STEP=0 to train every network through TF.js (for comparisons). */
export const FUSED_STEP_ENV = 'MULTIHOP_FUSED_STEP';

/**
 * Why the fused step cannot train `arch` in this process, or null when it can: it needs an mlp
 * without dropout (TF.js draws the masks), a CPU backend (wasm or cpu; a GPU or tfjs-node backend
 * trains where its tensors live) and the native addon.
 */
export function fusedStepUnavailable(arch: NetworkArch): string | null {
  if (process.env[FUSED_STEP_ENV] === '0') return `disabled by ${FUSED_STEP_ENV}=0`;
  if (arch.family !== 'mlp') return `family '${arch.family}' is not a dense network`;
  if ((arch.dropout ?? ARCH_DEFAULTS.dropout) > 0) return 'dropout masks are drawn by TF.js';
  const backend = backendName();
  if (backend == null) return 'no TF.js backend is known in this thread yet';
  if (backend !== 'wasm' && backend !== 'cpu') return `backend '${backend}' trains on its own device`;
  const native = loadNativeKernels();
  if (native === null) return nativeAbsentReason();
  if (typeof native.mlpStep !== 'function') return 'native addon predates the fused step; rebuild it (npm install)';
  return null;
}

/** The training rows as train-node.ts indexes them: split rows, then extra rows from split.count on. */
export interface FusedTrainingRows {
  split: SplitPart;
  inputs: TrainInputs;
  /** The teacher's softmax(z/τ) and Σ p·log p per split row, when training by KD. */
  teacher: { probabilities: Float32Array; negEntropy: Float32Array } | null;
}

/** Adam's fixed hyper-parameters as tf.train.adam(lr) uses them. */
const BETA1 = 0.9;
const BETA2 = 0.999;

export class FusedMlpTrainer implements NodeStep {
  private readonly sizes: Int32Array;
  private readonly params: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly hyper: Float64Array;
  private readonly shapes: number[][];
  // TF.js keeps β^t in float32 variables; so do we, so the bias correction rounds alike.
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);

  private constructor(
    private readonly native: NativeKernels,
    private readonly activation: number,
    sizes: number[],
    initial: ModelWeights,
    learningRate: number,
    weightDecay: number,
    soft: SoftTargets | undefined,
    private readonly rows: FusedTrainingRows,
  ) {
    this.sizes = Int32Array.from(sizes);
    this.params = initial.values.slice();
    this.shapes = initial.shapes;
    this.m = new Float32Array(this.params.length);
    this.v = new Float32Array(this.params.length);
    this.hyper = Float64Array.from([
      activation, learningRate, BETA1, BETA2, FLOAT32_EPSILON, 0, 0, weightDecay, soft?.temperature ?? 1, soft?.alpha ?? 0,
    ]);
  }

  /**
   * A trainer for `arch` on `inputs`-wide rows and `classes` classes, starting from the weights
   * buildModel would give it for `seed` (initialMlpWeights), or null when the fused step cannot
   * train it (see fusedStepUnavailable).
   */
  static create(
    arch: NetworkArch,
    inputs: number,
    classes: number,
    seed: number,
    learningRate: number,
    weightDecay: number,
    rows: FusedTrainingRows,
  ): FusedMlpTrainer | null {
    if (fusedStepUnavailable(arch) !== null || arch.family !== 'mlp') return null;
    const sizes = [inputs, ...arch.hidden, classes];
    const activation = ACTIVATION_CODES[arch.activation ?? (ARCH_DEFAULTS.activation)];
    const initial = initialMlpWeights(arch, inputs, classes, seed);
    return new FusedMlpTrainer(loadNativeKernels()!, activation, sizes, initial, learningRate, weightDecay, rows.inputs.softTargets, rows);
  }

  /** One Adam step on the batch of `batchRows` (indices as train-node.ts numbers rows); returns its loss. */
  step(batchRows: Int32Array): number {
    this.hyper[5] = Math.fround(1 - this.accBeta1);
    this.hyper[6] = Math.fround(1 - this.accBeta2);
    const { split, inputs, teacher } = this.rows;
    const loss = this.native.mlpStep(
      this.sizes, this.hyper, this.params, this.m, this.v, batchRows, split.features, split.labels,
      inputs.extraRows?.features ?? null, inputs.extraRows?.targets ?? null, inputs.sampleWeights ?? null,
      teacher?.probabilities ?? null, teacher?.negEntropy ?? null,
    );
    this.accBeta1 = Math.fround(this.accBeta1 * BETA1);
    this.accBeta2 = Math.fround(this.accBeta2 * BETA2);
    return loss;
  }

  /** One epoch over `order` in batches of `batchSize`; returns the row-weighted mean batch loss. */
  epoch(order: Int32Array, batchSize: number): number {
    let loss = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const rows = order.subarray(start, Math.min(order.length, start + batchSize));
      loss += this.step(rows) * rows.length;
    }
    return loss / order.length;
  }

  /** softmax outputs on `count` contiguous rows of features. */
  probabilities(features: Float32Array, count: number): Float32Array {
    const out = new Float32Array(count * this.sizes[this.sizes.length - 1]);
    this.native.mlpProbabilities(this.sizes, this.activation, this.params, features, count, out);
    return out;
  }

  /** Probabilities and metrics on a split, as predict.ts's evaluateSplit computes them. */
  evaluate(part: SplitPart): { probabilities: Float32Array; metrics: SplitMetrics } {
    const probabilities = this.probabilities(part.features, part.count);
    return { probabilities, metrics: metricsFromProbabilities(probabilities, part.labels) };
  }

  /** Sets the weights (getWeights() order, as `weights()` gives them), e.g. back to the best epoch's. */
  restore(weights: ModelWeights): void {
    if (weights.values.length !== this.params.length) {
      throw new Error(`fused step: ${weights.values.length} weights given, the network has ${this.params.length}`);
    }
    this.params.set(weights.values);
  }

  /** A copy of the current weights in getWeights() order. */
  weights(): ModelWeights {
    return { shapes: this.shapes.map((s) => [...s]), values: this.params.slice() };
  }

  /** Nothing to free: the arrays are the garbage collector's. */
  dispose(): void {}
}

/**
 * Linear probes trained by the addon's fused dense step (issue 15 item 4). A softmax-regression
 * probe is a dense network without a hidden layer, so native/fused-mlp.cc's step computes exactly
 * the TF.js probe step of teacher-signal.ts: mean softmax cross-entropy over the batch, then Adam
 * with tf.train.adam's β1, β2, ε and float32 bias correction, from zero weights, in the same seeded
 * batch order. Every probe steps on the same batches, so one bias-correction state serves them all.
 */
import { createRng, deriveSeed, type PreparedData, type ProbeSignal } from '../core/index.js';
import { FLOAT32_EPSILON } from '../backend/backend-state.js';
import { loadNativeKernels, type NativeKernels } from '../kernels/native-addon.js';
import type { TeacherSignalOptions } from '../models/index.js';
import { fusedStepUnavailable } from './fused-mlp-step.js';
import type { CachedProbeActivations } from './probe-activation-cache.js';

const BETA1 = 0.9;
const BETA2 = 0.999;

/** The addon, or null when the fused step cannot run here (addon absent, MULTIHOP_FUSED_STEP=0, a device backend). */
export function nativeProbeKernels(): NativeKernels | null {
  return fusedStepUnavailable({ family: 'mlp', hidden: [] }) === null ? loadNativeKernels() : null;
}

/**
 * Trains one probe per cached layer with `native`'s fused step and measures each as
 * trainLinearProbes does: validation accuracy (argmax, first maximum on ties) and the
 * probability of the true label on every training row.
 */
export async function trainProbesNatively(
  native: NativeKernels,
  data: Pick<PreparedData, 'train' | 'validation' | 'numClasses'>,
  cache: CachedProbeActivations,
  options: TeacherSignalOptions = {},
): Promise<ProbeSignal[]> {
  const probeEpochs = options.probeEpochs ?? 10;
  const batchSize = options.batchSize ?? 128;
  const { numClasses, train, validation } = data;
  const probes = cache.layers.map(({ size }) => {
    const length = size * numClasses + numClasses;
    return { sizes: Int32Array.from([size, numClasses]), params: new Float32Array(length), m: new Float32Array(length), v: new Float32Array(length) };
  });
  // [activation, lr, β1, β2, ε, 1-β1ᵗ, 1-β2ᵗ, weight decay, τ, α] as native/fused-mlp-addon.cc reads them.
  const hyper = Float64Array.from([0, options.learningRate ?? 0.01, BETA1, BETA2, FLOAT32_EPSILON, 0, 0, 0, 1, 0]);
  let accBeta1 = Math.fround(BETA1);
  let accBeta2 = Math.fround(BETA2);
  const rng = createRng(deriveSeed(options.seed ?? 0, 'probes'));
  const order = Int32Array.from({ length: train.count }, (_, i) => i);
  for (let epoch = 0; epoch < probeEpochs; epoch++) {
    rng.shuffle(order);
    for (let start = 0; start < train.count; start += batchSize) {
      const rows = order.subarray(start, Math.min(train.count, start + batchSize));
      hyper[5] = Math.fround(1 - accBeta1);
      hyper[6] = Math.fround(1 - accBeta2);
      probes.forEach(({ sizes, params, m, v }, k) =>
        native.mlpStep(sizes, hyper, params, m, v, rows, cache.train[k], train.labels, null, null, null, null, null),
      );
      accBeta1 = Math.fround(accBeta1 * BETA1);
      accBeta2 = Math.fround(accBeta2 * BETA2);
    }
    // Let other work on the event loop (progress, interrupts) run between epochs.
    await new Promise((resolve) => setImmediate(resolve));
  }

  const probabilitiesOf = (k: number, features: Float32Array, count: number): Float32Array => {
    const out = new Float32Array(count * numClasses);
    if (count > 0) native.mlpProbabilities(probes[k].sizes, 0, probes[k].params, features, count, out);
    return out;
  };
  return cache.layers.map(({ layer }, k) => {
    const trainProbabilities = probabilitiesOf(k, cache.train[k], train.count);
    const trainTrueConfidence = new Float32Array(train.count);
    for (let i = 0; i < train.count; i++) trainTrueConfidence[i] = trainProbabilities[i * numClasses + train.labels[i]];
    const validationProbabilities = probabilitiesOf(k, cache.validation[k], validation.count);
    let correct = 0;
    for (let i = 0; i < validation.count; i++) {
      let best = 0;
      for (let c = 1; c < numClasses; c++) if (validationProbabilities[i * numClasses + c] > validationProbabilities[i * numClasses + best]) best = c;
      if (best === validation.labels[i]) correct++;
    }
    return { layer, validationAccuracy: validation.count > 0 ? correct / validation.count : Number.NaN, trainTrueConfidence };
  });
}

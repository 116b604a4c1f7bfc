/**
 * The probed activations on the train and validation rows, computed once per teacher signal
 * (issue 15 item 4) instead of once per mini-batch of every probe epoch, when they fit a memory
 * bound. The probes then train on these arrays, natively (probe-native-training.ts) or in TF.js.
 */
import * as tf from '../backend/tfjs.js';
import type { PreparedData } from '../core/index.js';
import { PREDICT_BATCH } from './predict.js';
import type { ProbeActivations } from './teacher-signal-tfjs.js';

export { PROBE_CACHE_DEFAULT_MIB, PROBE_CACHE_ENV, probeCacheBytes } from './probe-cache-bound.js';

/** Every probed layer's activations, rows × width row-major, in probe order. */
export interface CachedProbeActivations {
  layers: ProbeActivations['layers'];
  train: Float32Array[];
  validation: Float32Array[];
}

/** The activations `source` gives on every train and validation row, or null when they exceed `maxBytes`. */
export function cacheProbeActivations(
  data: Pick<PreparedData, 'train' | 'validation'>,
  source: ProbeActivations,
  maxBytes: number,
): CachedProbeActivations | null {
  const width = source.layers.reduce((sum, { size }) => sum + size, 0);
  const bytes = (data.train.count + data.validation.count) * width * Float32Array.BYTES_PER_ELEMENT;
  if (source.layers.length === 0 || bytes > maxBytes) return null;
  const read = (split: 'train' | 'validation'): Float32Array[] => {
    const count = data[split].count;
    const arrays = source.layers.map(({ size }) => new Float32Array(count * size));
    for (let start = 0; start < count; start += PREDICT_BATCH) {
      const end = Math.min(count, start + PREDICT_BATCH);
      const activations = source.rows(split, start, end);
      activations.forEach((activation, k) => arrays[k].set(activation.dataSync() as Float32Array, start * source.layers[k].size));
      tf.dispose(activations);
    }
    return arrays;
  };
  return { layers: source.layers, train: read('train'), validation: read('validation') };
}

/**
 * The cache as a {@link ProbeActivations} for the TF.js probe training; `dispose` releases the
 * train tensors it holds.
 */
export function cachedActivationSource(cache: CachedProbeActivations, trainCount: number): ProbeActivations & { dispose(): void } {
  const train = cache.train.map((values, k) => tf.tensor2d(values, [trainCount, cache.layers[k].size]));
  return {
    layers: cache.layers,
    trainBatch: (index) => train.map((tensor) => tf.gather(tensor, index)),
    rows: (split, start, end) =>
      cache[split].map((values, k) => {
        const { size } = cache.layers[k];
        return tf.tensor2d(values.subarray(start * size, end * size), [end - start, size]);
      }),
    dispose: () => tf.dispose(train),
  };
}

import * as tf from '../backend/tfjs.js';
import type { SplitMetrics, SplitPart } from '../core/index.js';
import { metricsFromProbabilities } from './metrics.js';

export { metricsFromProbabilities } from './metrics.js';

/** Rows per forward pass when predicting; bounds memory for conv activations. */
export const PREDICT_BATCH = 1024;

/** softmax(logits) of `model` over `count` flat examples, count × classes, in batches. */
export function predictProbabilities(model: tf.LayersModel, features: Float32Array, count: number): Float32Array {
  const width = count > 0 ? features.length / count : 0;
  const numClasses = outputWidth(model);
  const out = new Float32Array(count * numClasses);
  for (let start = 0; start < count; start += PREDICT_BATCH) {
    const end = Math.min(count, start + PREDICT_BATCH);
    const batch = tf.tidy(() => {
      const x = tf.tensor2d(features.subarray(start * width, end * width), [end - start, width]);
      return tf.softmax(model.apply(x, { training: false }) as tf.Tensor2D);
    });
    out.set(batch.dataSync() as Float32Array, start * numClasses);
    batch.dispose();
  }
  return out;
}

function outputWidth(model: tf.LayersModel): number {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] as number;
}

/** Probabilities and metrics of `model` on one split. */
export function evaluateSplit(
  model: tf.LayersModel,
  split: SplitPart,
): { probabilities: Float32Array; metrics: SplitMetrics } {
  const probabilities = predictProbabilities(model, split.features, split.count);
  return { probabilities, metrics: metricsFromProbabilities(probabilities, split.labels) };
}

import type { SplitMetrics } from '../core/index.js';
import { argmaxRow } from '../fit/class-targets.js';

/** Accuracy and mean cross-entropy of class probabilities (count × classes) against labels. */
export function metricsFromProbabilities(probabilities: Float32Array, labels: Int32Array): SplitMetrics {
  const count = labels.length;
  if (count === 0) return { accuracy: Number.NaN, loss: Number.NaN };
  const numClasses = probabilities.length / count;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const row = i * numClasses;
    if (argmaxRow(probabilities, row, numClasses) === labels[i]) correct++;
    // Clamp so one saturated wrong answer cannot make the mean infinite.
    loss -= Math.log(Math.max(probabilities[row + labels[i]], 1e-12));
  }
  return { accuracy: correct / count, loss: loss / count };
}

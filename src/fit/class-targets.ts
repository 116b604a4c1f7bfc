/**
 * What the pure-TypeScript families (linear, gbt) train against and how they are scored, shared so
 * that every such family reads transfer inputs the same way.
 *
 * Soft targets (KD, Hinton, Vinyals & Dean 2015, arXiv 1503.02531): the target distribution of a
 * training row is the mixture q = (1−α)·onehot(y) + α·softmax(z_T/τ), α weighting the soft term as
 * src/training/kd-loss.ts does, and the model minimises the cross-entropy −Σ_c q_c·log p_c. Its
 * gradient in the model's logits is p − q, the same as the network KD loss's at τ = 1; for τ > 1
 * the networks also soften the student, which a tree's leaf values or a convex solver do not need
 * (the fitted model's own temperature is free), so the softened teacher is only a target here.
 */
import { DataError, type SoftTargets, type SplitMetrics } from '../core/index.js';

/** Probabilities are clipped here before a log (cross-entropy, logits handed to children). */
export const PROBABILITY_FLOOR = 1e-7;

/**
 * count × classes target distributions of the training rows: one-hot labels, or the KD mixture
 * when `soft` is set.
 * @throws DataError when the teacher's logits do not cover the rows
 */
export function targetDistribution(labels: Int32Array, count: number, classes: number, soft?: SoftTargets): Float64Array {
  const targets = new Float64Array(count * classes);
  const hardShare = soft ? 1 - soft.alpha : 1;
  for (let i = 0; i < count; i++) targets[i * classes + labels[i]] = hardShare;
  if (!soft) return targets;
  if (soft.teacherLogits.length !== count * classes) {
    throw new DataError(`teacher logits have ${soft.teacherLogits.length} values; expected ${count} training rows × ${classes} classes`);
  }
  const row = new Float64Array(classes);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < classes; c++) row[c] = soft.teacherLogits[i * classes + c] / soft.temperature;
    softmaxRow(row, 0, classes);
    for (let c = 0; c < classes; c++) targets[i * classes + c] += soft.alpha * row[c];
  }
  return targets;
}

/**
 * Softmax of `values[offset … offset + classes)` in place (max subtracted first); returns the row's
 * log-normaliser log Σ_c exp(values_c) = max + log Σ_c exp(values_c − max), from the same sums.
 */
export function softmaxRow(values: Float64Array | Float32Array, offset: number, classes: number): number {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, values[offset + c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    const e = Math.exp(values[offset + c] - max);
    values[offset + c] = e;
    sum += e;
  }
  for (let c = 0; c < classes; c++) values[offset + c] /= sum;
  return max + Math.log(sum);
}

/** log Σ_c exp(values[offset + c]), computed stably. */
export function logSumExp(values: Float64Array, offset: number, classes: number): number {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, values[offset + c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += Math.exp(values[offset + c] - max);
  return max + Math.log(sum);
}

/** Softmax probabilities (float32, count × classes) of raw scores. */
export function softmaxRows(scores: Float64Array, count: number, classes: number): Float32Array {
  const row = new Float64Array(classes);
  const out = new Float32Array(count * classes);
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < classes; c++) row[c] = scores[i * classes + c];
    softmaxRow(row, 0, classes);
    for (let c = 0; c < classes; c++) out[i * classes + c] = row[c];
  }
  return out;
}

/** Accuracy (argmax, first class on ties) and mean cross-entropy (probabilities clipped) on labels. */
export function splitMetrics(probabilities: Float32Array, labels: Int32Array, count: number, classes: number): SplitMetrics {
  if (count === 0) return { accuracy: Number.NaN, loss: Number.NaN };
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    if (argmaxRow(probabilities, i * classes, classes) === labels[i]) correct++;
    loss -= Math.log(Math.max(PROBABILITY_FLOOR, probabilities[i * classes + labels[i]]));
  }
  return { accuracy: correct / count, loss: loss / count };
}

/** Index of the largest of `values[offset … offset + classes)`. */
export function argmaxRow(values: ArrayLike<number>, offset: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

/** log of clipped probabilities: logits whose softmax gives the probabilities back (KD's teacher logits). */
export function logitsOf(probabilities: Float32Array): Float32Array {
  return probabilities.map((p) => Math.log(Math.max(PROBABILITY_FLOOR, p)));
}

/** Each row's probability of its true label. */
export function trueLabelConfidence(probabilities: Float32Array, labels: Int32Array, classes: number): Float32Array {
  return Float32Array.from(labels, (label, i) => probabilities[i * classes + label]);
}

/**
 * The per-row targets a tree family trains on, from a transfer method's inputs.
 *
 * Soft targets (knowledge distillation into trees): each row's class mass is
 *
 *   y_i = (1 − α)·onehot(label_i) + α·softmax(z_T,i / τ)
 *
 * the teacher's temperature-softened probabilities mixed with the one-hot label by α (α weights
 * the soft part, as in the KD loss of src/training/kd-loss.ts). CART then fits these masses as
 * class "counts" (src/cart/cart-fit.ts): with the entropy criterion each leaf minimises the
 * cross-entropy Σ_i w_i·CE(y_i, p_leaf) over its rows, which is the distillation objective of
 * Hinton, Vinyals & Dean (2015) for a piecewise-constant student; fitting trees to a teacher's
 * probabilities is how Frosst & Hinton (2017, "Distilling a Neural Network Into a Soft Decision
 * Tree", arXiv 1711.09784) distil into trees. Per-example weights w_i (ProfWeight, SRatio)
 * multiply each row's mass; rows with w_i = 0 are left out.
 */
import { DataError, type SplitPart, type TrainInputs } from '../core/index.js';
import type { CartTargets } from './cart-fit.js';

/**
 * Class masses y_i (one-hot, or mixed with the teacher's softened probabilities) and weights w_i
 * of every row of `split`.
 * @throws DataError when the inputs do not have one value (or one row of logits) per row
 */
export function cartTargets(split: SplitPart, classes: number, inputs: TrainInputs): CartTargets {
  const { sampleWeights, softTargets } = inputs;
  const mass = new Float64Array(split.count * classes);
  const weight = new Float64Array(split.count).fill(1);
  if (sampleWeights) {
    if (sampleWeights.length !== split.count) {
      throw new DataError(`sample weights have ${sampleWeights.length} values; expected one per training row (${split.count})`);
    }
    for (let i = 0; i < split.count; i++) {
      if (!(sampleWeights[i] >= 0) || !Number.isFinite(sampleWeights[i])) {
        throw new DataError(`sample weight ${i} is ${sampleWeights[i]}; weights must be finite and ≥ 0`);
      }
      weight[i] = sampleWeights[i];
    }
  }
  const alpha = softTargets ? softTargets.alpha : 0;
  if (softTargets && softTargets.teacherLogits.length !== split.count * classes) {
    throw new DataError(
      `teacher logits have ${softTargets.teacherLogits.length} values; expected ${split.count} training rows × ${classes} classes`,
    );
  }
  for (let i = 0; i < split.count; i++) {
    const row = i * classes;
    mass[row + split.labels[i]] = 1 - alpha;
    if (!softTargets) continue;
    const { teacherLogits, temperature } = softTargets;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, teacherLogits[row + c] / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(teacherLogits[row + c] / temperature - max);
    for (let c = 0; c < classes; c++) mass[row + c] += (alpha * Math.exp(teacherLogits[row + c] / temperature - max)) / sum;
  }
  return { mass, weight, classes };
}

/**
 * Prediction with stored trees: a tree's probabilities are its leaf's class distribution; an
 * ensemble of CART trees averages them (scikit-learn's RandomForestClassifier.predict_proba).
 */
import type { SplitMetrics } from '../core/index.js';
import { leafOf, type TreeArrays } from '../trees/tree-arrays.js';

/** Probabilities are clipped here before a log (cross-entropy, teacher logits). */
export const PROBABILITY_FLOOR = 1e-7;

/**
 * The mean leaf distribution of trees `0 … upTo-1` on `count` rows of `width` features, count × classes.
 */
export function predictTrees(trees: readonly TreeArrays[], features: Float32Array, count: number, width: number, upTo = trees.length): Float32Array {
  const classes = trees[0].outputs;
  const sums = new Float64Array(count * classes);
  for (let t = 0; t < upTo; t++) {
    const tree = trees[t];
    for (let i = 0; i < count; i++) {
      const leaf = leafOf(tree, features, i, width);
      for (let c = 0; c < classes; c++) sums[i * classes + c] += tree.value[leaf * classes + c];
    }
  }
  const mean = new Float32Array(sums.length);
  for (let j = 0; j < sums.length; j++) mean[j] = sums[j] / upTo;
  return mean;
}

/** Accuracy (argmax, lowest class on a tie) and mean cross-entropy with probabilities clipped at 1e-7. */
export function splitMetrics(probabilities: Float32Array, labels: Int32Array): SplitMetrics {
  const count = labels.length;
  if (count === 0) return { accuracy: Number.NaN, loss: Number.NaN };
  const classes = probabilities.length / count;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const row = i * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[row + c] > probabilities[row + best]) best = c;
    if (best === labels[i]) correct++;
    loss -= Math.log(Math.max(probabilities[row + labels[i]], PROBABILITY_FLOOR));
  }
  return { accuracy: correct / count, loss: loss / count };
}

/** Probability of each row's true label. */
export function trueConfidence(probabilities: Float32Array, labels: Int32Array): Float32Array {
  const classes = probabilities.length / Math.max(1, labels.length);
  return Float32Array.from(labels, (label, i) => probabilities[i * classes + label]);
}

/** log(max(p, 1e-7)): logits whose softmax gives back the (clipped, renormalised) probabilities. */
export function logitsOf(probabilities: Float32Array): Float32Array {
  return Float32Array.from(probabilities, (p) => Math.log(Math.max(p, PROBABILITY_FLOOR)));
}

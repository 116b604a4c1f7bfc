/**
 * Prediction with stored trees: a tree's probabilities are its leaf's class distribution; an
 * ensemble of CART trees averages them (scikit-learn's RandomForestClassifier.predict_proba).
 */
import type { TreeArrays } from '../trees/tree-arrays.js';

const ROW_BLOCK = 256;

/**
 * The mean leaf distribution of trees `0 … upTo-1` on `count` rows of `width` features, count × classes.
 */
export function predictTrees(trees: readonly TreeArrays[], features: Float32Array, count: number, width: number, upTo = trees.length): Float32Array {
  const classes = trees[0].outputs;
  const sums = new Float64Array(count * classes);
  // Blocks of rows, every tree per block: a block's sums stay in cache while the trees add to
  // them (each row's sum still adds the trees in order).
  for (let from = 0; from < count; from += ROW_BLOCK) {
    const to = Math.min(count, from + ROW_BLOCK);
    for (let t = 0; t < upTo; t++) {
      const { feature, threshold, left, right, value } = trees[t];
      for (let i = from; i < to; i++) {
        let node = 0;
        while (feature[node] >= 0) node = features[i * width + feature[node]] <= threshold[node] ? left[node] : right[node];
        for (let c = 0, leaf = node * classes, out = i * classes; c < classes; c++) sums[out + c] += value[leaf + c];
      }
    }
  }
  const mean = new Float32Array(sums.length);
  for (let j = 0; j < sums.length; j++) mean[j] = sums[j] / upTo;
  return mean;
}

/**
 * Prediction with stored trees: a tree's probabilities are its leaf's class distribution; an
 * ensemble of CART trees averages them (scikit-learn's RandomForestClassifier.predict_proba).
 */
import { leafOf, type TreeArrays } from '../trees/tree-arrays.js';

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

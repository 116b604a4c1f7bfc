/**
 * Trained trees as flat arrays, and their packing into the store's `ModelWeights` (one float32
 * matrix per tree), shared by every tree family (tree, forest, gbt).
 *
 * Node i of a tree: `feature[i]` (-1 for a leaf), `threshold[i]` (a row goes left when
 * `x[feature] <= threshold`), `left[i]` / `right[i]` (child indices), and `outputs` leaf values at
 * `value[i * outputs …]` (class probabilities for CART, raw scores for boosting). Node 0 is the
 * root. Thresholds are float32 values between two consecutive training values (a ≤ t < b), so a
 * stored tree routes every float32 row exactly as it did in training.
 */
import { DataError, type ModelWeights } from '../core/index.js';

export interface TreeArrays {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  /** nodes × outputs leaf values (zeros at split nodes). */
  value: Float32Array;
  outputs: number;
}

/** Columns of a packed tree row: feature, threshold, left, right, then the outputs. */
const FIXED_COLUMNS = 4;

/** Number of nodes of a tree. */
export function nodeCount(tree: TreeArrays): number {
  return tree.feature.length;
}

/** Packs trees as one [nodes, 4 + outputs] float32 matrix each, in order. */
export function packTrees(trees: readonly TreeArrays[]): ModelWeights {
  const shapes = trees.map((tree) => [nodeCount(tree), FIXED_COLUMNS + tree.outputs]);
  const values = new Float32Array(shapes.reduce((sum, [rows, cols]) => sum + rows * cols, 0));
  let offset = 0;
  for (const tree of trees) {
    const cols = FIXED_COLUMNS + tree.outputs;
    for (let i = 0; i < nodeCount(tree); i++, offset += cols) {
      values[offset] = tree.feature[i];
      values[offset + 1] = tree.threshold[i];
      values[offset + 2] = tree.left[i];
      values[offset + 3] = tree.right[i];
      values.set(tree.value.subarray(i * tree.outputs, (i + 1) * tree.outputs), offset + FIXED_COLUMNS);
    }
  }
  return { shapes, values };
}

/**
 * Unpacks what {@link packTrees} wrote, checking every index.
 * @throws DataError naming the tree and node when the weights are not a valid tree set
 */
export function unpackTrees(weights: ModelWeights): TreeArrays[] {
  const trees: TreeArrays[] = [];
  let offset = 0;
  weights.shapes.forEach((shape, t) => {
    const [nodes, cols] = shape;
    if (shape.length !== 2 || !(nodes >= 1) || !(cols > FIXED_COLUMNS)) {
      throw new DataError(`tree ${t}: shape [${shape.join(', ')}] is not [nodes, 4 + outputs]`);
    }
    const outputs = cols - FIXED_COLUMNS;
    const tree: TreeArrays = {
      feature: new Int32Array(nodes),
      threshold: new Float32Array(nodes),
      left: new Int32Array(nodes),
      right: new Int32Array(nodes),
      value: new Float32Array(nodes * outputs),
      outputs,
    };
    for (let i = 0; i < nodes; i++, offset += cols) {
      tree.feature[i] = weights.values[offset];
      tree.threshold[i] = weights.values[offset + 1];
      tree.left[i] = weights.values[offset + 2];
      tree.right[i] = weights.values[offset + 3];
      tree.value.set(weights.values.subarray(offset + FIXED_COLUMNS, offset + cols), i * outputs);
      const split = tree.feature[i] >= 0;
      const childOk = (c: number) => Number.isInteger(c) && c > i && c < nodes;
      if (split && !(childOk(tree.left[i]) && childOk(tree.right[i]))) {
        throw new DataError(`tree ${t}, node ${i}: children ${tree.left[i]}, ${tree.right[i]} are not later nodes of the tree`);
      }
    }
    trees.push(tree);
  });
  if (offset !== weights.values.length) {
    throw new DataError(`tree weights hold ${weights.values.length} values, their shapes ${offset}`);
  }
  return trees;
}

/** The leaf row `row` of `features` (rows of `width` values) falls in. */
export function leafOf(tree: TreeArrays, features: Float32Array, row: number, width: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    node = features[row * width + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** Depth of the deepest leaf (a single leaf has depth 0). */
export function treeDepth(tree: TreeArrays): number {
  const depth = new Int32Array(nodeCount(tree));
  let deepest = 0;
  for (let i = 0; i < nodeCount(tree); i++) {
    if (tree.feature[i] < 0) {
      deepest = Math.max(deepest, depth[i]);
      continue;
    }
    depth[tree.left[i]] = depth[i] + 1;
    depth[tree.right[i]] = depth[i] + 1;
  }
  return deepest;
}

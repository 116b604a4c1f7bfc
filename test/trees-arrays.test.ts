import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../src/core/index.js';
import { leafOf, packTrees, treeDepth, unpackTrees, type TreeArrays } from '../src/trees/tree-arrays.js';

// x0 <= 0.5 ? leaf A : (x1 <= -1 ? leaf B : leaf C), two outputs per leaf.
const tree: TreeArrays = {
  feature: Int32Array.from([0, -1, 1, -1, -1]),
  threshold: Float32Array.from([0.5, 0, -1, 0, 0]),
  left: Int32Array.from([1, 0, 3, 0, 0]),
  right: Int32Array.from([2, 0, 4, 0, 0]),
  value: Float32Array.from([0, 0, 0.9, 0.1, 0, 0, 0.2, 0.8, 0.5, 0.5]),
  outputs: 2,
};

test('trees pack into float32 matrices and unpack to the same arrays; rows route to the right leaves', () => {
  const single: TreeArrays = { ...tree, feature: Int32Array.from([-1]), threshold: Float32Array.from([0]), left: Int32Array.from([0]), right: Int32Array.from([0]), value: Float32Array.from([1, 0]) };
  const weights = packTrees([tree, single]);
  assert.deepEqual(weights.shapes, [[5, 6], [1, 6]]);
  const [back, leaf] = unpackTrees(weights);
  assert.deepEqual(back, tree);
  assert.deepEqual(leaf, single);
  const rows = Float32Array.from([0.5, 9, 0.6, -1, 0.6, -0.5]);
  assert.deepEqual([0, 1, 2].map((r) => leafOf(back, rows, r, 2)), [1, 3, 4], 'x <= threshold goes left, the threshold itself included');
  assert.equal(treeDepth(back), 2);
  assert.equal(treeDepth(leaf), 0);
});

test('weights that are not a tree are refused with the tree and node named', () => {
  const weights = packTrees([tree]);
  const broken = { shapes: weights.shapes, values: weights.values.slice() };
  broken.values[2] = 0; // root's left child points at itself
  assert.throws(() => unpackTrees(broken), (e: unknown) => e instanceof DataError && /tree 0, node 0: children 0, 2/.test(e.message));
  assert.throws(() => unpackTrees({ shapes: [[5, 6]], values: weights.values.subarray(0, 20) }), DataError);
  assert.throws(() => unpackTrees({ shapes: [[5, 4]], values: new Float32Array(20) }), /is not \[nodes, 4 \+ outputs\]/);
});

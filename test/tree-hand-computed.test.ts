// CART splits, weighted splits, tie-breaking and leaf values on a dataset small enough to compute
// by hand. Gini proxy of a split (larger is better): Σ_c L_c²/W_L + Σ_c R_c²/W_R over weighted
// class masses of the left and right rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { families } from '../src/models/index.js';
import { unpackTrees } from '../src/trees/tree-arrays.js';
import { part, treeData } from './fixtures/tree/tree-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };
// Rows (f0, f1) → class: r0 (0, 3) A, r1 (1, 0) A, r2 (2, 2) B, r3 (3, 1) A, r4 (10, 10) B.
const rows = [[0, 3], [1, 0], [2, 2], [3, 1], [10, 10]];
const labels = [0, 0, 1, 0, 1];
const stump = { family: 'tree' as const, maxDepth: 1 };

async function fitStump(rowsUsed: number, sampleWeights?: number[]) {
  const runtime = await families.get('tree').runtime();
  const data = treeData(part(rows.slice(0, rowsUsed), labels.slice(0, rowsUsed)), 2, 2);
  const inputs = sampleWeights ? { sampleWeights: Float32Array.from(sampleWeights) } : {};
  const result = await runtime.train(data, stump, settings, inputs, 0);
  const [tree] = unpackTrees(result.weights);
  return { tree, result };
}

test('tree: equally good splits go to the lowest feature, then the lowest threshold, at the float32 midpoint', async () => {
  // r0..r3 unweighted. Along f0 the labels read A A B A, and along f1 (r1 r3 r2 r0) also A A B A:
  // ≤ after 1 row: 1 + (4+1)/3 = 2.667; after 2: 4/2 + (1+1)/2 = 3 (best); after 3: 5/3 + 1 = 2.667.
  // Both features tie at 3; f0 wins, threshold between 1 and 2.
  const { tree, result } = await fitStump(4);
  assert.equal(tree.feature[0], 0);
  assert.equal(tree.threshold[0], 1.5);
  assert.deepEqual(Array.from(tree.value.subarray(2, 4)), [1, 0], 'left leaf: r0 r1, both A');
  assert.deepEqual(Array.from(tree.value.subarray(4, 6)), [0.5, 0.5], 'right leaf: r2 (B), r3 (A)');
  assert.deepEqual(Array.from(result.probabilities.train), [1, 0, 1, 0, 0.5, 0.5, 0.5, 0.5]);
});

test('tree: example weights change the split and the leaf distributions; weight 0 drops a row', async () => {
  // w = 1 1 1 5, and r4 (class B, far right) with weight 0. Along f0 (A1 A1 B1 A5):
  // after 1: 1 + (36+1)/7 = 6.286; after 2: 2 + (1+25)/6 = 6.333; after 3: (4+1)/3 + 5 = 6.667.
  // Along f1 (r1 A1, r3 A5, r2 B1, r0 A1): after 2: 36/6 + (1+1)/2 = 7, the best of all.
  const { tree } = await fitStump(5, [1, 1, 1, 5, 0]);
  assert.equal(tree.feature[0], 1);
  assert.equal(tree.threshold[0], 1.5);
  assert.deepEqual(Array.from(tree.value.subarray(2, 4)), [1, 0], 'left leaf: r1 and r3, mass A 6');
  assert.deepEqual(Array.from(tree.value.subarray(4, 6)), [0.5, 0.5], 'right leaf: r2 (B 1) and r0 (A 1); r4 left out');
});

test('tree: minSamplesLeaf counts rows with weight > 0', async () => {
  const runtime = await families.get('tree').runtime();
  // x 1 2 3 4 → A B B B, the last with weight 0. Three rows count, so two per leaf allows no split;
  // were the weight-0 row counted, x ≤ 2.5 (2 | 2) would be allowed.
  const data = treeData(part([[1], [2], [3], [4]], [0, 1, 1, 1]), 2, 1);
  const sampleWeights = Float32Array.from([1, 1, 1, 0]);
  const grown = await runtime.train(data, { ...stump, minSamplesLeaf: 1 }, settings, { sampleWeights }, 0);
  assert.equal(unpackTrees(grown.weights)[0].threshold[0], 1.5, 'with one row per leaf, x ≤ 1.5 separates A');
  const refused = await runtime.train(data, { ...stump, minSamplesLeaf: 2 }, settings, { sampleWeights }, 0);
  const [leaf] = unpackTrees(refused.weights);
  assert.equal(leaf.feature.length, 1, 'a single leaf');
  assert.deepEqual(Array.from(leaf.value), [1 / 3, 2 / 3].map(Math.fround));
});

// One boosting tree by hand: bins whose edges are training values route like the stored
// thresholds; the best split and Newton leaf values −η·G/(H+λ) on a four-row set; weights scale
// gradients and hessians; min samples per leaf forbids a split; maxDeltaStep caps a leaf's step.
// Each tree test runs on the JS grower and on the native addon's (skipped, with the reason, without it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binEdges, binFeatures, treeGrower, type FeatureBins, type TreeGrowth } from '../src/boosting/index.js';
import { loadNativeKernels, nativeAbsentReason } from '../src/kernels/native-addon.js';
import type { TreeArrays } from '../src/trees/tree-arrays.js';
import { leafOf } from '../src/trees/tree-arrays.js';

type Grow = (bins: FeatureBins, g: Float64Array, h: Float64Array, growth: TreeGrowth, rowValues: Float64Array) => TreeArrays;
const native = loadNativeKernels();
const GROWERS: { name: string; grow: Grow; skip: string | false }[] = [
  { name: 'JS', grow: (bins, g, h, growth, values) => treeGrower(bins, null)(g, h, growth, values), skip: false },
  { name: 'native', grow: (bins, g, h, growth, values) => treeGrower(bins, native)(g, h, growth, values), skip: native ? false : nativeAbsentReason() },
];

/** Registers `body` once per grower. */
function treeTest(name: string, body: (grow: Grow) => void): void {
  for (const grower of GROWERS) test(`${name} (${grower.name} grower)`, { skip: grower.skip }, () => body(grower.grow));
}

test('bin edges are training values; every distinct value gets a bin when few; quantiles otherwise', () => {
  assert.deepEqual(Array.from(binEdges(Float32Array.of(3, 1, 2, 2, 1), 255)), [1, 2]);
  assert.deepEqual(Array.from(binEdges(Float32Array.from({ length: 8 }, (_, i) => i), 4)), [1, 3, 5]);
});

treeTest('a split on bins routes every training row as the stored float32 threshold does', (grow) => {
  const features = Float32Array.from({ length: 200 }, (_, i) => Math.fround(Math.sin(i) * 3.3));
  const bins = binFeatures(features, 100, 2, 16);
  const g = Float64Array.from({ length: 100 }, (_, i) => (features[2 * i + 1] > 0.3 ? 1 : -1));
  const tree = grow(bins, g, new Float64Array(100).fill(1), { maxDepth: 3, minSamplesLeaf: 1, l2: 0, learningRate: 1, maxDeltaStep: 0 }, new Float64Array(100));
  for (let i = 0; i < 100; i++) {
    let node = 0;
    while (tree.feature[node] >= 0) {
      const f = tree.feature[node];
      const binOfThreshold = Array.from(bins.edges[f]).indexOf(tree.threshold[node]);
      assert.ok(binOfThreshold >= 0, 'threshold is a bin edge');
      node = bins.binned[f * 100 + i] <= binOfThreshold ? tree.left[node] : tree.right[node];
    }
    assert.equal(leafOf(tree, features, i, 2), node);
  }
});

// x = 1, 2, 3, 4; gradients −1, −1, 1, 1; hessians 1.
const bins = binFeatures(Float32Array.of(1, 2, 3, 4), 4, 1, 255);
const g = Float64Array.of(-1, -1, 1, 1);
const h = Float64Array.of(1, 1, 1, 1);

treeTest('best split x ≤ 2, leaves −η·G/(H+λ)', (grow) => {
  const values = new Float64Array(4);
  const tree = grow(bins, g, h, { maxDepth: 1, minSamplesLeaf: 1, l2: 1, learningRate: 0.1, maxDeltaStep: 0 }, values);
  assert.deepEqual(Array.from(tree.feature), [0, -1, -1]);
  assert.equal(tree.threshold[0], 2);
  // Left: G = −2, H = 2 → −0.1·(−2)/(2+1); right the opposite.
  assert.ok(Math.abs(tree.value[1] - Math.fround(0.2 / 3)) < 1e-9 && Math.abs(tree.value[2] + Math.fround(0.2 / 3)) < 1e-9);
  assert.deepEqual(Array.from(values), [tree.value[1], tree.value[1], tree.value[2], tree.value[2]]);
});

treeTest('example weights multiply gradients and hessians: the leaf value is the weighted Newton step', (grow) => {
  // Weights (3, 1, 1, 1) on the same rows: left G = −4, H = 4 → −1·(−4)/4 = 1 with λ = 0.
  const w = Float64Array.of(3, 1, 1, 1);
  const tree = grow(bins, g.map((v, i) => v * w[i]), h.map((v, i) => v * w[i]), { maxDepth: 1, minSamplesLeaf: 1, l2: 0, learningRate: 1, maxDeltaStep: 0 }, new Float64Array(4));
  assert.equal(tree.value[1], 1);
  assert.equal(tree.value[2], -1);
});

treeTest('min samples per leaf: 3 of 4 rows per side is impossible, so the tree is one leaf', (grow) => {
  const tree = grow(bins, g, h, { maxDepth: 3, minSamplesLeaf: 3, l2: 0, learningRate: 1, maxDeltaStep: 0 }, new Float64Array(4));
  assert.equal(tree.feature.length, 1);
  assert.ok(tree.value[0] === 0, `leaf ${tree.value[0]}`);
});

treeTest('maxDeltaStep caps a leaf Newton step before shrinkage, both signs; 0 caps nothing', (grow) => {
  // Hessians near zero, as for a rare class the model already gives ~0 probability: each side's −G/H = ±2 / 0.002 = ±1000.
  const tiny = Float64Array.of(1e-3, 1e-3, 1e-3, 1e-3);
  const capped = grow(bins, g, tiny, { maxDepth: 1, minSamplesLeaf: 1, l2: 0, learningRate: 0.1, maxDeltaStep: 10 }, new Float64Array(4));
  assert.deepEqual(Array.from(capped.value.subarray(1)), [Math.fround(1), Math.fround(-1)]);
  const free = grow(bins, g, tiny, { maxDepth: 1, minSamplesLeaf: 1, l2: 0, learningRate: 0.1, maxDeltaStep: 0 }, new Float64Array(4));
  assert.deepEqual(Array.from(free.value.subarray(1)), [Math.fround(100), Math.fround(-100)]);
  // Below the cap the step is the plain Newton step.
  const within = grow(bins, g, h, { maxDepth: 1, minSamplesLeaf: 1, l2: 0, learningRate: 0.1, maxDeltaStep: 10 }, new Float64Array(4));
  assert.deepEqual(Array.from(within.value.subarray(1)), [Math.fround(0.1), Math.fround(-0.1)]);
});

// The native boosting tree (native/gbt-tree.cc) against the JS one (src/boosting/histogram-tree.ts):
// the same trees, thresholds and leaf values, and the same per-row values, to the bit, on random
// rows with ties, constant features, weights, tiny hessians and every growth setting; whole fits
// still equal the pinned golden fits without the addon; bad bins are refused, not read past.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { binFeatures, treeGrower, type TreeGrowth } from '../src/boosting/index.js';
import { createRng } from '../src/core/index.js';
import { loadNativeKernels, nativeAbsentReason } from '../src/kernels/native-addon.js';
import type { TreeArrays } from '../src/trees/tree-arrays.js';

const native = loadNativeKernels();
const skip = native ? false : nativeAbsentReason();

const bytes = (a: ArrayLike<number> & ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function assertSameTree(name: string, a: TreeArrays, b: TreeArrays): void {
  for (const key of ['feature', 'threshold', 'left', 'right', 'value'] as const) {
    assert.ok(bytes(a[key]).equals(bytes(b[key])), `${name}: ${key} differs: ${Array.from(a[key]).join(',')} vs ${Array.from(b[key]).join(',')}`);
  }
}

test('native and JS growers give the same trees and row values to the bit on 120 random cases', { skip }, () => {
  const rng = createRng(2026);
  let splits = 0;
  for (let trial = 0; trial < 120; trial++) {
    const count = 1 + rng.int(trial % 10 === 0 ? 3000 : 400);
    const width = 1 + rng.int(12);
    // Few distinct values (ties), constant features and wide ranges, at several bin counts.
    const levels = [2, 7, 50, 100000][rng.int(4)];
    const constant = rng.int(width + 1);
    const features = Float32Array.from({ length: count * width }, (_, j) => (j % width === constant ? 1.5 : Math.fround((rng.int(levels) - levels / 3) * 0.37)));
    const bins = binFeatures(features, count, width, [3, 16, 255][rng.int(3)]);
    const weights = Float64Array.from({ length: count }, () => (rng.next() < 0.3 ? 0.1 + 3 * rng.next() : 1));
    const gradients = Float64Array.from(weights, (w) => w * (rng.next() * 2 - 1));
    const hessians = Float64Array.from(weights, (w) => w * (rng.next() < 0.1 ? 1e-9 : rng.next() * 0.25));
    const growth: TreeGrowth = {
      maxDepth: rng.int(9),
      minSamplesLeaf: 1 + rng.int(20),
      l2: [0, 1, 0.3][rng.int(3)],
      learningRate: [0.1, 1, 0.05][rng.int(3)],
      maxDeltaStep: [0, 0.5, 10][rng.int(3)],
    };
    const jsValues = new Float64Array(count);
    const nativeValues = new Float64Array(count);
    const js = treeGrower(bins, null)(gradients, hessians, growth, jsValues);
    // Two trees from one native grower: its buffers are reused between trees and between fits.
    const grow = treeGrower(bins, native);
    grow(hessians, hessians, growth, new Float64Array(count));
    const nat = grow(gradients, hessians, growth, nativeValues);
    assertSameTree(`case ${trial} (${count} rows × ${width}, ${JSON.stringify(growth)})`, js, nat);
    assert.ok(bytes(jsValues).equals(bytes(nativeValues)), `case ${trial}: row values differ`);
    splits += js.feature.filter((f) => f >= 0).length;
  }
  assert.ok(splits > 500, `the cases split (${splits} splits)`);
});

test('tree, forest and gbt fits still equal the pinned golden fits with the JS grower (no addon)', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, MULTIHOP_NATIVE_KERNELS: '0' };
  delete env.NODE_TEST_CONTEXT;
  const file = fileURLToPath(new URL('trees-golden-fits.test.js', import.meta.url));
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env, timeout: 120_000 });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^# pass 1$/m);
});

test('the addon refuses bins that do not describe their rows, arrays of the wrong length, bad growth values, what is not a handle and too small a tree', { skip }, () => {
  const kernels = native as NonNullable<typeof native>;
  const bins = binFeatures(Float32Array.of(1, 5, 2, 6, 3, 7, 4, 8), 4, 2, 255);
  const edges = Int32Array.from(bins.edges, (e) => e.length);
  const shape = Int32Array.of(4, 2, bins.totalBins);
  const wrongBin = Uint16Array.from(bins.binned);
  wrongBin[3] = 200;
  assert.throws(() => kernels.gbtBins(shape, wrongBin, bins.offsets, edges), /a row's bin is not one of its feature's/);
  assert.throws(() => kernels.gbtBins(Int32Array.of(4, 2, 3), bins.binned, bins.offsets, edges), /bins lie outside the histogram/);
  assert.throws(() => kernels.gbtBins(shape, bins.binned.subarray(1), bins.offsets, edges), /count × width/);
  assert.throws(() => kernels.gbtBins(Int32Array.of(0, 2, bins.totalBins), bins.binned, bins.offsets, edges), /must be positive/);
  const handle = kernels.gbtBins(shape, bins.binned, bins.offsets, edges);
  const growth = Float64Array.of(3, 1, 0, 1, 0);
  const g = Float64Array.of(-1, -1, 1, 1);
  const h = Float64Array.of(1, 1, 1, 1);
  const tree = (n: number) => [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Int32Array(n), new Float32Array(n)] as const;
  assert.throws(() => kernels.gbtGrowTree(handle, growth, g.subarray(1), h, new Float64Array(4), ...tree(15)), /one value per row/);
  assert.throws(() => kernels.gbtGrowTree({}, growth, g, h, new Float64Array(4), ...tree(15)), /gbtBins handle/);
  for (const bad of [Float64Array.of(Infinity, 1, 0, 1, 0), Float64Array.of(2.5, 1, 0, 1, 0), Float64Array.of(3, Number.NaN, 0, 1, 0), Float64Array.of(3, 1, -1, 1, 0)]) {
    assert.throws(() => kernels.gbtGrowTree(handle, bad, g, h, new Float64Array(4), ...tree(15)), /maxDepth|minSamplesLeaf|l2/, `growth ${Array.from(bad).join(',')}`);
  }
  assert.throws(() => kernels.gbtGrowTree(handle, growth, g, h, new Float64Array(4), ...tree(2)), /more nodes than the arrays hold/);
  assert.equal(kernels.gbtGrowTree(handle, growth, g, h, new Float64Array(4), ...tree(15)), 3);
});

test('the addon refuses a row sort whose count and width are not whole numbers matching the arrays', { skip }, () => {
  const kernels = native as NonNullable<typeof native>;
  const features = Float32Array.of(3, 1, 2, 0);
  const out = () => [new Int32Array(4), new Float32Array(4)] as const;
  assert.throws(() => kernels.cartSortRows(features, 1e10, 1e-10, ...out()), /count must be a whole number/);
  assert.throws(() => kernels.cartSortRows(features, 2, 1e300, ...out()), /width must be a whole number/);
  assert.throws(() => kernels.cartSortRows(features, 3, 1, ...out()), /count × width/);
  const [order, values] = out();
  kernels.cartSortRows(features, 4, 1, order, values);
  assert.deepEqual(Array.from(order), [3, 1, 2, 0]);
});

// sortRows orders each feature's rows as float32 values ascend, equal values (−0 and +0 included)
// by row index: the order the split search and its tie-breaking rely on. Every test runs on the JS
// sort and on the native addon's (skipped, with the reason, without it); both give the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows } from '../src/cart/index.js';
import { createRng } from '../src/core/index.js';
import { loadNativeKernels, nativeAbsentReason } from '../src/kernels/native-addon.js';

const native = loadNativeKernels();
const SORTS = [
  { name: 'JS', kernels: null, skip: false as const },
  { name: 'native', kernels: native, skip: native ? (false as const) : nativeAbsentReason() },
];

for (const { name, kernels, skip } of SORTS) {
  test(`one feature: negatives, zeros of both signs, ties and extremes sort by value, then row (${name} sort)`, { skip }, () => {
    const values = Float32Array.of(3, -0, -1.5, 0, 3, -3.4e38, 1e-45, -1e-45, 3.4e38, -1.5);
    const { order, sortedValues } = sortRows(values, values.length, 1, kernels);
    assert.deepEqual(Array.from(order), [5, 2, 9, 7, 1, 3, 6, 0, 4, 8]);
    assert.ok(Object.is(sortedValues[4], 0), '−0 is stored as +0');
    assert.deepEqual(Array.from(sortedValues), Array.from(order, (row) => values[row] || 0));
  });

  test(`two interleaved features keep separate orders, each matching a comparison sort (8- and 11-bit digits in JS) (${name} sort)`, { skip }, () => {
    for (const count of [500, 1500, 6000]) checkTwoFeatures(count, kernels);
  });
}

test('the native sort gives the JS sort\'s orders and values byte for byte on random rows', { skip: SORTS[1].skip }, () => {
  const rng = createRng(77);
  for (let trial = 0; trial < 30; trial++) {
    const count = rng.int(trial % 5 === 0 ? 9000 : 300);
    const width = 1 + rng.int(9);
    const levels = [1, 3, 40, 1e6][rng.int(4)];
    const features = Float32Array.from({ length: count * width }, () => (rng.next() < 0.05 ? -0 : Math.fround((rng.int(levels) - levels / 2) * [1e-30, 0.1, 1e30][rng.int(3)])));
    const js = sortRows(features, count, width, null);
    const nat = sortRows(features, count, width, native);
    const bytes = (a: Int32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    assert.ok(bytes(js.order).equals(bytes(nat.order)), `trial ${trial}: orders differ`);
    assert.ok(bytes(js.sortedValues).equals(bytes(nat.sortedValues)), `trial ${trial}: values differ`);
  }
});

function checkTwoFeatures(count: number, kernels: typeof native): void {
  const features = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    features[2 * i] = Math.fround(Math.sin(i * 12.9898) * 1000) % 7;
    features[2 * i + 1] = Math.fround(Math.cos(i * 3.1) * 1e-3);
  }
  const { order } = sortRows(features, count, 2, kernels);
  for (let f = 0; f < 2; f++) {
    const expected = Array.from({ length: count }, (_, i) => i).sort((a, b) => features[2 * a + f] - features[2 * b + f] || a - b);
    assert.deepEqual(Array.from(order.subarray(f * count, (f + 1) * count)), expected, `feature ${f}`);
  }
}

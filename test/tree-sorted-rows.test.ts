// sortRows orders each feature's rows as float32 values ascend, equal values (−0 and +0 included)
// by row index: the order the split search and its tie-breaking rely on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows } from '../src/cart/index.js';

test('one feature: negatives, zeros of both signs, ties and extremes sort by value, then row', () => {
  const values = Float32Array.of(3, -0, -1.5, 0, 3, -3.4e38, 1e-45, -1e-45, 3.4e38, -1.5);
  const { order } = sortRows(values, values.length, 1);
  assert.deepEqual(Array.from(order), [5, 2, 9, 7, 1, 3, 6, 0, 4, 8]);
});

test('two interleaved features keep separate orders, each matching a comparison sort (8- and 11-bit digits)', () => {
  for (const count of [500, 1500]) checkTwoFeatures(count);
});

function checkTwoFeatures(count: number): void {
  const features = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    features[2 * i] = Math.fround(Math.sin(i * 12.9898) * 1000) % 7;
    features[2 * i + 1] = Math.fround(Math.cos(i * 3.1) * 1e-3);
  }
  const { order } = sortRows(features, count, 2);
  for (let f = 0; f < 2; f++) {
    const expected = Array.from({ length: count }, (_, i) => i).sort((a, b) => features[2 * a + f] - features[2 * b + f] || a - b);
    assert.deepEqual(Array.from(order.subarray(f * count, (f + 1) * count)), expected, `feature ${f}`);
  }
}

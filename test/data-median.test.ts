import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../src/core/index.js';
import { median } from '../src/data/tabular-table.js';

/** The definition: the middle of the sorted values, or the mean of the two middles. */
function sortedMedian(values: Float64Array): number {
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

test('the quickselect median equals the sorted median, bit for bit, on 3,000 generated columns', () => {
  const rng = createRng(7);
  const shapes: Array<() => number> = [
    () => rng.next(),
    () => Math.floor(rng.next() * 17),
    () => (rng.next() < 0.5 ? -0 : 0),
    () => Math.floor(rng.next() * 3) - 1 + (rng.next() < 0.3 ? -0 : 0),
    () => 5,
    () => (rng.next() - 0.5) * 1e30,
  ];
  for (let c = 0; c < 3000; c++) {
    const length = Math.floor(rng.next() * 60);
    const draw = shapes[c % shapes.length];
    const values = Float64Array.from({ length }, draw);
    // Sorted and reverse-sorted columns too, the classic worst cases of a naive pivot.
    if (c % 7 === 0) values.sort();
    if (c % 11 === 0) values.sort().reverse();
    const expected = sortedMedian(values);
    const got = median(values.slice());
    assert.ok(Object.is(got, expected), `column ${c} (${Array.from(values).join(',')}): ${got} ≠ ${expected}`);
  }
  const long = Float64Array.from({ length: 100_001 }, (_, i) => (i * 7919) % 100_003);
  assert.equal(median(long.slice()), sortedMedian(long));
});

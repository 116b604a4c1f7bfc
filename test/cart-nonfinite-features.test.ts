// A tree fit refuses a NaN or infinite feature in one line naming the row and feature: the
// presorted node order's "constant feature" test and the radix keys assume finite values, and a
// NaN reaching them would corrupt the children's row segments without an error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortRows } from '../src/cart/cart-sort.js';
import { DataError } from '../src/core/errors.js';

test('sortRows refuses NaN and ±Infinity, naming row and feature', () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    const features = Float32Array.of(1, 2, 3, 4, 5, bad);
    assert.throws(() => sortRows(features, 3, 2), (e: unknown) => e instanceof DataError && /row 2, feature 1 is (NaN|Infinity|-Infinity)/.test(e.message));
  }
  const ok = sortRows(Float32Array.of(3, 1, 2, 0), 2, 2);
  assert.deepEqual(Array.from(ok.order), [1, 0, 1, 0]);
});

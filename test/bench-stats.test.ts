import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  countValues,
  pairedTTest,
  regularisedIncompleteBeta,
  studentTCdf,
} from '../benchmarks/accuracy/accuracy-stats.js';

const close = (actual: number, expected: number, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test('incomplete beta with integer parameters is a binomial tail: I_0.5(2, 3) = P(Bin(4, ½) ≥ 2) = 11/16', () => {
  close(regularisedIncompleteBeta(0.5, 2, 3), 11 / 16);
  // I_x(1, 1) = x, and the upper branch (x above the mean) agrees with the symmetry I_x(a,b) = 1 − I_{1−x}(b,a).
  close(regularisedIncompleteBeta(0.3, 1, 1), 0.3);
  close(regularisedIncompleteBeta(0.9, 2, 3), 1 - regularisedIncompleteBeta(0.1, 3, 2));
});

test('Student t CDF matches closed forms (ν = 1 Cauchy, ν = 2) and the table value t₀.₉₇₅(4) = 2.776445', () => {
  close(studentTCdf(1, 1), 0.75); // ½ + atan(1)/π
  close(studentTCdf(-1, 1), 0.25);
  close(studentTCdf(1, 2), 0.5 + 1 / (2 * Math.sqrt(3))); // ½ + t / (2√(2 + t²))
  close(studentTCdf(0, 7), 0.5);
  close(studentTCdf(2.776445, 4), 0.975, 1e-6);
});

test('paired t-test: differences 1, 2, 3 give t = 2√3 with 2 dof and p = 1 − √(12/14)', () => {
  const result = pairedTTest([0.5, 0.5, 0.5], [1.5, 2.5, 3.5]);
  assert.equal(result.n, 3);
  assert.equal(result.dof, 2);
  close(result.meanDifference, 2);
  close(result.stdDifference, 1);
  close(result.t, 2 * Math.sqrt(3));
  close(result.pValue ?? Number.NaN, 1 - Math.sqrt(12 / 14));
});

test('paired t-test drops pairs with a missing side and handles constant differences', () => {
  const dropped = pairedTTest([1, null, 3, 4], [2, 5, Number.NaN, 6]);
  assert.equal(dropped.n, 2);
  close(dropped.meanDifference, 1.5);
  assert.deepEqual(pairedTTest([1, 2], [1, 2]).pValue, 1);
  assert.deepEqual(pairedTTest([1, 2], [2, 3]).pValue, 0);
  assert.equal(pairedTTest([1], [2]).pValue, null);
});

test('countValues lists distinct chains most common first', () => {
  assert.deepEqual(countValues(['a', 'b', 'b', 'c', 'b', 'a']), [
    { value: 'b', count: 3 },
    { value: 'a', count: 2 },
    { value: 'c', count: 1 },
  ]);
});

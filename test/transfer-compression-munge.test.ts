// MUNGE (Bucila et al. 2006, Algorithm 1) by hand: the nearest neighbour on z-scored columns,
// which attributes swap for scripted random draws, the Gaussian width |e_a − e'_a| / s, one-hot
// groups swapped as one nominal attribute, and determinism per seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, type Rng } from '../src/core/index.js';
import { munge, mungeAttributes, mungeRow, nearestNeighbours, type MungeAttribute } from '../src/transfer/index.js';

/**
 * Four rows, two columns. Column 0 is [0, 10, 0, 20] (mean 7.5, std √68.75 ≈ 8.292), column 1
 * [0, 0, 2, 0] (mean 0.5, std √0.75 ≈ 0.866). Squared z-scored distances:
 *   d(0,1) = (10/8.292)² ≈ 1.455   d(0,2) = (2/0.866)² ≈ 5.333   d(0,3) = (20/8.292)² ≈ 5.818
 *   d(1,3) = 1.455                 d(1,2) ≈ 6.788                 d(2,3) ≈ 11.15
 * Row 0's neighbour is row 1 (raw distances would pick row 2: 4 < 100); row 1 ties rows 0 and 3
 * and takes the lower index, 0; row 2 → 0; row 3 → 1.
 */
const rows = { features: Float32Array.from([0, 0, 10, 0, 0, 2, 20, 0]), count: 4, width: 2 };
const continuous: MungeAttribute[] = [
  { kind: 'continuous', column: 0 },
  { kind: 'continuous', column: 1 },
];

/** An Rng that hands out `draws` in order and fails when asked for more. */
function scripted(draws: number[]): Rng & { left(): number } {
  const queue = [...draws];
  const next = () => {
    const value = queue.shift();
    if (value === undefined) throw new Error('the scripted rng ran out of draws');
    return value;
  };
  return { next, int: (n) => Math.floor(next() * n), shuffle: (v) => v, left: () => queue.length };
}

test('each row swaps with its nearest other row by Euclidean distance on z-scored columns, ties to the lower index', () => {
  assert.deepEqual(Array.from(nearestNeighbours(rows)), [1, 0, 0, 1]);
  assert.throws(() => nearestNeighbours({ features: Float32Array.from([1, 2]), count: 1, width: 2 }), DataError);
});

test('an attribute swaps when its uniform draw is below p; a continuous swap draws N(e\'_a, |e_a − e\'_a| / s)', () => {
  const out = new Float32Array(2);
  // Row 0 (0, 0) with neighbour row 1 (10, 0), p = 0.5, s = 10.
  // Column 0: u = 0.3 < 0.5 swaps; Box–Muller u₁ = 1 − e^−0.5, u₂ = 0 gives z = √1·cos 0 = 1,
  // so the value is e'_0 + |0 − 10|/10 · 1 = 11. Column 1: u = 0.7 ≥ 0.5 keeps e_1 = 0.
  const rng = scripted([0.3, 1 - Math.exp(-0.5), 0, 0.7]);
  mungeRow(rows, 0, 1, continuous, { p: 0.5, s: 10 }, rng, out, 0);
  assert.ok(Math.abs(out[0] - 11) < 1e-5, `column 0: ${out[0]}`);
  assert.equal(out[1], 0);
  assert.equal(rng.left(), 0, 'one uniform per attribute, two more per continuous swap');

  // Row 2 (0, 2) with neighbour row 0 (0, 0), p = 0.5, s = 10. Column 0: u = 0.9 keeps 0.
  // Column 1: u = 0.1 swaps; u₁ = 1 − e^−2, u₂ = 0.5 give z = √4·cos π = −2: 0 + (2/10)·(−2) = −0.4.
  const rng2 = scripted([0.9, 0.1, 1 - Math.exp(-2), 0.5]);
  mungeRow(rows, 2, 0, continuous, { p: 0.5, s: 10 }, rng2, out, 0);
  assert.equal(out[0], 0);
  assert.ok(Math.abs(out[1] + 0.4) < 1e-6, `column 1: ${out[1]}`);

  // Row 1 (10, 0) towards row 3 (20, 0), p = 1: column 0 has width |10 − 20|/10 = 1 and z = √1·cos π = −1,
  // so 19; column 1 has equal values, width 0, and takes e'_1 = 0 exactly although z = √4·cos 0 = 2.
  mungeRow(rows, 1, 3, continuous, { p: 1, s: 10 }, scripted([0, 1 - Math.exp(-0.5), 0.5, 0, 1 - Math.exp(-2), 0]), out, 0);
  assert.ok(Math.abs(out[0] - 19) < 1e-5, `column 0: ${out[0]}`);
  assert.equal(out[1], 0);
});

test('the spread of swapped values around e\'_a is |e_a − e\'_a| / s', () => {
  // Two rows 8 apart, p = 1, s = 4: copies of row 0 are N(8, 2), copies of row 1 N(0, 2).
  const pair = { features: Float32Array.from([0, 8]), count: 2, width: 1 };
  const result = munge(pair, [{ kind: 'continuous', column: 0 }], { size: 4000, p: 1, s: 4, seed: 7 });
  assert.equal(result.count, 8000);
  for (const [row, centre] of [[0, 8], [1, 0]] as const) {
    const values = Array.from({ length: 4000 }, (_, copy) => result.features[copy * 2 + row]);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean - centre) < 0.15, `row ${row}: mean ${mean}`);
    assert.ok(Math.abs(std - 2) < 0.1, `row ${row}: std ${std}`);
  }
});

test('one-hot groups are one nominal attribute that takes the neighbour\'s category', () => {
  const names = ['x', 'colour=red', 'colour=blue', 'size=s', 'size=m'];
  // size=m takes three values, so "size" is no one-hot group: both its columns stay continuous.
  const table = {
    features: Float32Array.from([
      0.5, 1, 0, 0, 1,
      1.5, 0, 1, 1, 2,
      2.5, 1, 0, 0, 3,
    ]),
    count: 3,
    width: 5,
  };
  const attributes = mungeAttributes(names, table);
  assert.deepEqual(attributes, [
    { kind: 'continuous', column: 0 },
    { kind: 'nominal', columns: [1, 2] },
    { kind: 'continuous', column: 3 },
    { kind: 'continuous', column: 4 },
  ]);
  // Row 0 towards row 1: x kept (u 0.6), colour swapped as one (u 0.2, no Gaussian draws), size=s and size=m kept.
  const out = new Float32Array(5);
  const rng = scripted([0.6, 0.2, 0.9, 0.9]);
  mungeRow(table, 0, 1, attributes, { p: 0.5, s: 10 }, rng, out, 0);
  assert.deepEqual(Array.from(out), [0.5, 0, 1, 0, 1]);
  assert.equal(rng.left(), 0);
  // Without one name per column (an image), every column is continuous.
  assert.equal(mungeAttributes([], table).every((a) => a.kind === 'continuous'), true);
});

test('p = 0 copies the rows; the same seed gives the same rows and another seed other rows', () => {
  const copies = munge(rows, continuous, { size: 3, p: 0, s: 10, seed: 1 });
  assert.equal(copies.count, 12);
  for (let copy = 0; copy < 3; copy++) assert.deepEqual(Array.from(copies.features.subarray(copy * 8, copy * 8 + 8)), Array.from(rows.features));
  const a = munge(rows, continuous, { size: 5, p: 0.5, s: 10, seed: 42 });
  const b = munge(rows, continuous, { size: 5, p: 0.5, s: 10, seed: 42 });
  const c = munge(rows, continuous, { size: 5, p: 0.5, s: 10, seed: 43 });
  assert.deepEqual(a.features, b.features);
  assert.notDeepEqual(a.features, c.features);
  assert.deepEqual(Array.from(a.neighbours), [1, 0, 0, 1]);
});

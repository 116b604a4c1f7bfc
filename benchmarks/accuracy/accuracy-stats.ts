/**
 * Statistics for the accuracy benchmark: the paired Student t-test over seeds, with the Student t
 * CDF computed from the regularised incomplete beta function,
 *
 *   P(|T| ≥ |t|) = I_x(ν/2, 1/2),  x = ν / (ν + t²)            (Abramowitz & Stegun 26.7.1)
 *
 * where I_x(a, b) is evaluated with the continued fraction of Numerical Recipes §6.4 (modified
 * Lentz) and ln Γ with the Lanczos approximation (g = 7, 9 coefficients).
 */
import { meanStd } from '../../src/core/index.js';

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0. */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for I_x(a, b), valid (fast) for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b), for a, b > 0 and x in [0, 1]. */
export function regularisedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta: x must be in [0, 1], got ${x}`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t with `dof` degrees of freedom. */
export function studentTCdf(t: number, dof: number): number {
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  const tail = 0.5 * regularisedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** A paired comparison over seeds: mean difference b − a and its two-sided t-test. */
export interface PairedTest {
  /** Pairs where both sides were measured. */
  n: number;
  meanDifference: number;
  stdDifference: number;
  t: number;
  dof: number;
  /** Two-sided p-value; null when fewer than 2 pairs. */
  pValue: number | null;
}

/**
 * Paired two-sided Student t-test of `b − a`. Pairs with a missing side (null / NaN) are dropped.
 * All differences equal: p = 1 when they are 0, p = 0 otherwise (t = ±∞).
 */
export function pairedTTest(a: Array<number | null>, b: Array<number | null>): PairedTest {
  if (a.length !== b.length) throw new RangeError(`paired t-test: ${a.length} vs ${b.length} values`);
  const differences: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x !== null && y !== null && Number.isFinite(x) && Number.isFinite(y)) differences.push(y - x);
  });
  const n = differences.length;
  if (n === 0) return { n, meanDifference: Number.NaN, stdDifference: Number.NaN, t: Number.NaN, dof: 0, pValue: null };
  const { mean, std } = meanStd(differences);
  const dof = n - 1;
  if (n < 2) return { n, meanDifference: mean, stdDifference: 0, t: Number.NaN, dof, pValue: null };
  if (std === 0) {
    return { n, meanDifference: mean, stdDifference: 0, t: mean === 0 ? 0 : Math.sign(mean) * Infinity, dof, pValue: mean === 0 ? 1 : 0 };
  }
  const t = mean / (std / Math.sqrt(n));
  const pValue = regularisedIncompleteBeta(dof / (dof + t * t), dof / 2, 0.5);
  return { n, meanDifference: mean, stdDifference: std, t, dof, pValue };
}

/** Distinct values with their counts, most common first (ties: first seen first). */
export function countValues(values: string[]): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count);
}

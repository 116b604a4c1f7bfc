import type { MethodParams } from '../core/index.js';

/** An accuracy in [0, 1] as a percentage with two decimals; '–' when unknown. */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : (100 * x).toFixed(2);
}

/** mean ± sd as percentages; the sd is left out for a single seed. */
export function percentPm(stats: { mean: number; std: number }, seeds: number): string {
  return seeds > 1 ? `${percent(stats.mean)} ± ${percent(stats.std)}` : percent(stats.mean);
}

/** Difference of two accuracies in percentage points, signed. */
export function signedPoints(x: number | null): string {
  return x === null || !Number.isFinite(x) ? '–' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)} pts`;
}

/** A parameter count with thousands separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Method parameters as `k=v` pairs ('' when none). */
export function methodParamsLabel(params: MethodParams): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`)
    .join(', ');
}

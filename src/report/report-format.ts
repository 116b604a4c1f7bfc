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

/** A model's size on the cross-family scale: its params, and for tree families its leaves and depth. */
export interface ModelSize {
  params: number;
  leaves?: number;
  depth?: number;
}

/**
 * `6,570 params`, or for a tree family `3,002 params · 1,602 leaves · depth 3` (params is then the
 * node-count bound). Without `unit`, the params count is bare (`3,002 · 1,602 leaves · depth 3`)
 * for table cells headed "params".
 */
export function sizeLabel(size: ModelSize, unit = true): string {
  const shape = size.leaves === undefined ? '' : ` · ${count(size.leaves)} leaves · depth ${size.depth ?? '–'}`;
  return `${count(size.params)}${unit ? ' params' : ''}${shape}`;
}

/** The rule behind {@link sizeLabel}, for the reports that show a tree family. */
export const CROSS_FAMILY_SIZE_NOTE =
  'params orders models across families: weights and biases for networks, the node count bound for trees ' +
  '(2^(depth+1) − 1 per tree, 2·maxLeaves − 1 when that is smaller, over every tree of a forest or boosted ensemble); ' +
  'FLOPs per example are comparisons for trees.';

/** True when any of `sizes` is a tree family's (it has leaves), so reports add {@link CROSS_FAMILY_SIZE_NOTE}. */
export function hasTreeSize(sizes: ModelSize[]): boolean {
  return sizes.some((size) => size.leaves !== undefined);
}

/** Method parameters as `k=v` pairs ('' when none). */
export function methodParamsLabel(params: MethodParams): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`)
    .join(', ');
}

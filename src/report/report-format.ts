import type { MethodParams } from '../core/index.js';
import { budgetFlags, type Budget } from '../search/index.js';
import type { BestSimple, ParetoPoint } from './best-simple.js';

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

const KIND_LABEL: Record<BestSimple['kind'], string> = { scratch: 'scratch', 'one-hop': '1-hop', multihop: 'multihop' };

/** How a model was obtained, as a reader says it: its kind and, for taught models, the chain of models and methods. */
export function provenanceLabel(best: Pick<BestSimple, 'kind' | 'chain'>): string {
  if (best.kind === 'scratch') return 'trained from scratch';
  const path = best.chain.map((l, i) => (i === 0 ? l.archLabel : `[${l.method}] ${l.archLabel}`)).join(' → ');
  return `${KIND_LABEL[best.kind]}: ${path}`;
}

/** The best simple model in one line: what the text output and the reports start with. */
export function bestSimpleLine(best: BestSimple | null, seeds: number): string {
  if (!best) return 'best simple model: none trained yet';
  const latency = best.latencyUs === undefined ? '' : ` · ${best.latencyUs.toFixed(1)} µs/example`;
  return (
    `best simple model: ${best.archLabel} (${best.family}, ${sizeLabel(best.complexity)}${latency}) · ${provenanceLabel(best)} · ` +
    `val ${percentPm(best.validation, seeds)}% · test ${percentPm(best.test, seeds)}%`
  );
}

/** The budget in one line ('none' for a run with a fixed target). */
export function budgetLine(budget: Budget | null): string {
  return budget ? `budget: ${budgetFlags(budget)} (targets proposed within it)` : 'budget: none (the search space names the target)';
}

/** Columns of the Pareto-front table of the reports and the text output. */
export const PARETO_HEAD = ['target', 'family', 'params', 'trained by', 'val acc %', 'test acc %', 'µs/example'];

/** The Pareto front as rows of {@link PARETO_HEAD}. */
export function paretoRows(pareto: ParetoPoint[], seeds: number): string[][] {
  return pareto.map((p) => [
    p.archLabel,
    p.family,
    count(p.params),
    p.kind === 'scratch' ? 'scratch' : `${KIND_LABEL[p.kind]} (${p.method})`,
    percentPm(p.validation, seeds),
    percentPm(p.test, seeds),
    p.latencyUs === undefined ? '–' : p.latencyUs.toFixed(1),
  ]);
}

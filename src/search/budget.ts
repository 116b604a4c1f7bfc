/**
 * Budget targets (docs/design.md §4, "Budget targets"): what "simple" means to a user as limits
 * on the model (parameters, bytes, tree depth, latency per example), and the target archs a
 * budget run trains, proposed within those limits across the families the space allows. Pure:
 * latency is measured by the runner and passed in.
 */
import { z } from 'zod';
import type { Arch, Complexity } from '../core/index.js';
import { families, familyOf, sameArch } from '../models/index.js';
import type { ScaleTarget } from '../models/index.js';
import { solveMultiplier } from './geometric-proposer.js';
import { dedupeArchs } from './proposer.js';
import type { ProposerContext } from './proposer.js';

/** Limits a simple model must meet; each one absent is no limit. */
export interface Budget {
  /** Most parameters (node-count bound for tree families), the cross-family scale. */
  maxParams?: number;
  /** Most bytes of the stored model. */
  maxBytes?: number;
  /** Deepest tree (tree families only; networks have no tree depth and ignore it). */
  maxDepth?: number;
  /** Most microseconds per example, measured on this machine before training. */
  maxLatencyUs?: number;
}

/** The flag of each budget field, for messages. */
export const BUDGET_FLAGS: Record<keyof Budget, string> = {
  maxParams: '--max-params',
  maxBytes: '--max-bytes',
  maxDepth: '--max-depth',
  maxLatencyUs: '--max-latency-us',
};

/** The budget as flags, for messages and reports: `--max-params 200 --max-depth 3`. */
export function budgetFlags(budget: Budget): string {
  return (Object.keys(BUDGET_FLAGS) as Array<keyof Budget>)
    .filter((key) => budget[key] !== undefined)
    .map((key) => `${BUDGET_FLAGS[key]} ${budget[key]}`)
    .join(' ');
}

const limit = z.number().int().positive();
/** A stored budget: each field a positive integer. */
export const budgetSchema = z
  .object({ maxParams: limit.optional(), maxBytes: limit.optional(), maxDepth: limit.optional(), maxLatencyUs: limit.optional() })
  .strict();

/** A target of a budget run: its arch, and its measured latency when the budget limits latency. */
export interface BudgetTarget {
  arch: Arch;
  /** Median microseconds per example of the untrained model on this machine. */
  latencyUs?: number;
}

/** Whether any limit is set. */
export function hasBudget(budget: Budget | undefined): budget is Budget {
  return budget !== undefined && Object.values(budget).some((v) => v !== undefined);
}

/**
 * Why a model of `complexity` breaks the budget ('160 params > --max-params 100'), or null when it
 * fits. Latency is checked only when given; depth only for tree families (those with leaves).
 */
export function budgetViolation(complexity: Complexity, budget: Budget, latencyUs?: number): string | null {
  if (budget.maxParams !== undefined && complexity.params > budget.maxParams) return `${complexity.params} params > --max-params ${budget.maxParams}`;
  if (budget.maxBytes !== undefined && complexity.bytes > budget.maxBytes) return `${complexity.bytes} bytes > --max-bytes ${budget.maxBytes}`;
  if (budget.maxDepth !== undefined && complexity.leaves !== undefined && (complexity.depth ?? 0) > budget.maxDepth) {
    return `depth ${complexity.depth} > --max-depth ${budget.maxDepth}`;
  }
  if (budget.maxLatencyUs !== undefined && latencyUs !== undefined && latencyUs > budget.maxLatencyUs) {
    return `${latencyUs.toFixed(1)} µs per example > --max-latency-us ${budget.maxLatencyUs}`;
  }
  return null;
}

/** Families a budget run proposes targets of: the space's, those it constructs, its candidates' and its target's. */
export function budgetFamilies(ctx: ProposerContext): Arch['family'][] {
  const { space } = ctx;
  const keys = [space.family, ...(space.construct?.families ?? []), ...space.candidates.map((a) => a.family), space.target.arch.family];
  return [...new Set(keys)];
}

/**
 * Shapes a family's targets take, as fractions of the way from the root's shape to the space
 * target's (depth, number of layers): the target's own shape, and half way.
 */
const SHAPE_FRACTIONS = [0.99, 0.5];
/** Sizes below the boundary, as fractions of its parameter count, a ladder of smaller targets. */
const SMALLER = [1 / 4, 1 / 16, 1 / 64];

/**
 * Candidate targets within the budget's arithmetic limits (params, bytes, depth), per family and
 * shape: the largest arch of that shape that fits (the budget boundary, where accuracy usually
 * is), then smaller ones down a ladder, each strictly smaller than the root. Shapes come from the
 * family's `scaledBetween` from the root (its own family), the space's target, or the family's
 * construction seed, towards the space's target with its depth capped at `maxDepth`.
 * A family that cannot scale proposes nothing. Latency is left to {@link selectBudgetTargets}.
 */
export function budgetLadders(budget: Budget, ctx: ProposerContext): Arch[][] {
  const { space } = ctx;
  const root = space.root.arch;
  const rootParams = ctx.complexity(root).params;
  const target = space.target.arch;
  const targetDepth = ctx.complexity(target).depth ?? budget.maxDepth;
  const scaleTarget: ScaleTarget = {
    arch: target,
    denseWidths: familyOf(target).denseWidths?.(target),
    depth: budget.maxDepth !== undefined && targetDepth !== undefined ? Math.min(targetDepth, budget.maxDepth) : targetDepth,
  };
  const fits = (arch: Arch): boolean => {
    const complexity = ctx.complexity(arch);
    return complexity.params < rootParams && budgetViolation(complexity, budget) === null;
  };
  const ladders: Arch[][] = [];
  for (const key of budgetFamilies(ctx)) {
    const family = families.get(key);
    const start = root.family === key ? root : target.family === key ? target : family.constructionSeed;
    if (!start) continue;
    for (const fraction of SHAPE_FRACTIONS) {
      const build = family.scaledBetween?.(start, scaleTarget, fraction);
      const boundary = build ? largestFitting(build, fits) : null;
      if (!build || !boundary) continue;
      const params = ctx.complexity(boundary).params;
      const smaller = SMALLER.map((share) => solveMultiplier(build, params * share, ctx)).filter(fits);
      ladders.push(dedupeArchs([boundary, ...smaller], ctx));
    }
  }
  return ladders;
}

/**
 * The member of `build`'s family with the largest multiplier that fits, or null when even the
 * smallest does not. Size, bytes and depth grow with the multiplier, so bisection finds the edge.
 */
function largestFitting(build: (multiplier: number) => Arch, fits: (arch: Arch) => boolean): Arch | null {
  let lo = 1e-9;
  if (!fits(build(lo))) return null;
  let hi = 1;
  while (fits(build(hi)) && hi < 1e6) hi *= 2;
  if (fits(build(hi))) return build(hi);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (fits(build(mid))) lo = mid;
    else hi = mid;
  }
  return build(lo);
}

/**
 * The targets a budget run trains, from {@link budgetLadders}: of each ladder the largest arch
 * within the latency limit, and of each family's first ladder also the next smaller one that fits;
 * no arch twice. `latencyUs` gives the measured latency of every ladder arch (only with a latency
 * limit). Largest first.
 */
export function selectBudgetTargets(
  ladders: Arch[][],
  budget: Budget,
  ctx: ProposerContext,
  latencyUs?: (arch: Arch) => number,
): BudgetTarget[] {
  const chosen: BudgetTarget[] = [];
  const seenFamilies = new Set<string>();
  const withinLatency = (arch: Arch): boolean => budget.maxLatencyUs === undefined || latencyUs === undefined || latencyUs(arch) <= budget.maxLatencyUs;
  for (const ladder of ladders) {
    const fitting = ladder.filter(withinLatency);
    const take = seenFamilies.has(ladder[0].family) ? fitting.slice(0, 1) : fitting.slice(0, 2);
    if (take.length > 0) seenFamilies.add(ladder[0].family);
    for (const arch of take) {
      if (chosen.some((t) => sameArch(t.arch, arch))) continue;
      chosen.push(latencyUs && budget.maxLatencyUs !== undefined ? { arch, latencyUs: latencyUs(arch) } : { arch });
    }
  }
  const ordered = dedupeArchs(chosen.map((t) => t.arch), ctx);
  return ordered.map((arch) => chosen.find((t) => sameArch(t.arch, arch))!);
}

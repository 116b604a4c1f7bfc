import type { Arch } from '../core/index.js';
import { families, familyOf, sameArch } from '../models/index.js';
import type { ModelFamily, ScaleTarget } from '../models/index.js';
import type { Proposer, ProposerContext } from './proposer.js';
import { dedupeArchs, isStrictlyBetween } from './proposer.js';

/**
 * Constructs intermediates whose parameter count sits near the geometric interpolation
 * teacher^(1-f) · target^f, for each fraction f in `space.construct.fractions` and each family in
 * `space.construct.families` (default: the space's family, the root's) (docs/design.md §4.3,
 * "constructed" candidates). `params` is the cross-family scale, so the budget means the same for
 * every family. The family shapes the archs (`ModelFamily.scaledBetween`: depth interpolated,
 * widths, leaves, trees or rounds scaled by a multiplier); the multiplier is solved by bisection
 * to hit the budget. A family that cannot scale towards the target proposes nothing.
 *
 * Archs that do not land strictly between teacher and target are dropped, so a fraction may
 * yield nothing (e.g. a cnn whose flatten layer alone exceeds the budget).
 */
export const geometricProposer: Proposer = {
  key: 'geometric',
  propose(teacher, target, ctx) {
    const fractions = ctx.space.construct?.fractions ?? [];
    const teacherParams = ctx.complexity(teacher).params;
    const targetParams = ctx.complexity(target).params;
    const scaleTarget: ScaleTarget = {
      arch: target,
      denseWidths: familyOf(target).denseWidths?.(target),
      depth: ctx.complexity(target).depth,
    };
    const proposed: Arch[] = [];
    for (const key of ctx.space.construct?.families ?? [ctx.space.family]) {
      const family = families.get(key);
      const start = scalingStart(family, teacher, target);
      if (!start) continue;
      for (const fraction of fractions) {
        const budget = Math.exp((1 - fraction) * Math.log(teacherParams) + fraction * Math.log(targetParams));
        const build = family.scaledBetween?.(start, scaleTarget, fraction);
        if (!build) continue;
        const arch = solveMultiplier(build, budget, ctx);
        if (isStrictlyBetween(arch, teacher, target, ctx) && !sameArch(arch, teacher) && !sameArch(arch, target)) {
          proposed.push(arch);
        }
      }
    }
    return dedupeArchs(proposed, ctx);
  },
};

/**
 * The arch `family` scales from: the teacher when it is of that family (the family's own
 * geometry, shrunk towards the target), else the target when it is (grown towards the teacher's
 * size), else the family's small construction seed; null for a family without one (`linear`).
 * The multiplier then sizes it to the budget, so the seed fixes only the shape.
 */
function scalingStart(family: ModelFamily, teacher: Arch, target: Arch): Arch | null {
  if (teacher.family === family.key) return teacher;
  if (target.family === family.key) return target;
  return family.constructionSeed ?? null;
}

/**
 * The member of `build`'s family whose parameter count is closest (in ratio) to `budget`.
 * Parameter counts grow monotonically with the multiplier, so bisection finds the crossing.
 */
export function solveMultiplier(build: (multiplier: number) => Arch, budget: number, ctx: ProposerContext): Arch {
  const params = (multiplier: number): number => ctx.complexity(build(multiplier)).params;
  let lo = 1e-9;
  let hi = 1;
  while (params(hi) < budget && hi < 1e6) hi *= 2;
  if (params(lo) >= budget) return build(lo);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (params(mid) < budget) lo = mid;
    else hi = mid;
  }
  const miss = (multiplier: number): number => Math.abs(Math.log(params(multiplier) / budget));
  return build(miss(lo) <= miss(hi) ? lo : hi);
}

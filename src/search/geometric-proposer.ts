import type { Arch } from '../core/index.js';
import { familyOf, sameArch } from '../models/index.js';
import type { Proposer, ProposerContext } from './proposer.js';
import { dedupeArchs, isStrictlyBetween } from './proposer.js';

/**
 * Constructs intermediates in the teacher's family whose parameter count sits near the geometric
 * interpolation teacher^(1-f) · target^f, for each fraction f in `space.construct.fractions`
 * (docs/design.md §4.3, "constructed" candidates). The teacher's family shapes the archs
 * (`ModelFamily.scaledBetween`: depth interpolated, widths scaled by a multiplier); the
 * multiplier is solved by bisection to hit the parameter budget. A family that cannot scale
 * towards the target proposes nothing.
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
    const family = familyOf(teacher);
    const scaleTarget = { arch: target, denseWidths: familyOf(target).denseWidths?.(target) };
    const proposed: Arch[] = [];
    for (const fraction of fractions) {
      const budget = Math.exp((1 - fraction) * Math.log(teacherParams) + fraction * Math.log(targetParams));
      const build = family.scaledBetween?.(teacher, scaleTarget, fraction);
      if (!build) continue;
      const arch = solveMultiplier(build, budget, ctx);
      if (isStrictlyBetween(arch, teacher, target, ctx) && !sameArch(arch, teacher) && !sameArch(arch, target)) {
        proposed.push(arch);
      }
    }
    return dedupeArchs(proposed, ctx);
  },
};

/**
 * The member of `build`'s family whose parameter count is closest (in ratio) to `budget`.
 * Parameter counts grow monotonically with the multiplier, so bisection finds the crossing.
 */
function solveMultiplier(build: (multiplier: number) => Arch, budget: number, ctx: ProposerContext): Arch {
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

import type { Arch, CnnArch, MlpArch } from '../core/index.js';
import { sameArch } from '../models/index.js';
import type { Proposer, ProposerContext } from './proposer.js';
import { dedupeArchs, isStrictlyBetween } from './proposer.js';

/**
 * Constructs intermediates in the teacher's family whose parameter count sits near the geometric
 * interpolation teacher^(1-f) · target^f, for each fraction f in `space.construct.fractions`
 * (DESIGN.md §4, "constructed" candidates).
 *
 * - mlp: the number of hidden layers is interpolated linearly between the teacher's and the
 *   target's (at least one); the teacher's width profile is resampled to that depth and scaled
 *   by a multiplier solved by bisection to hit the parameter budget.
 * - cnn: the teacher's conv blocks keep their kernels, strides and pools (the geometry); filters
 *   and dense widths are scaled by the solved multiplier, and the number of dense layers is
 *   interpolated when the target is a cnn too.
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
    const proposed: Arch[] = [];
    for (const fraction of fractions) {
      const budget = Math.exp((1 - fraction) * Math.log(teacherParams) + fraction * Math.log(targetParams));
      const build = scaledFamily(teacher, target, fraction);
      const arch = solveMultiplier(build, budget, ctx);
      if (isStrictlyBetween(arch, teacher, target, ctx) && !sameArch(arch, teacher) && !sameArch(arch, target)) {
        proposed.push(arch);
      }
    }
    return dedupeArchs(proposed, ctx);
  },
};

/** Layer count between `from` and `to` at position `fraction`, at least `min`. */
function interpolateDepth(from: number, to: number, fraction: number, min: number): number {
  return Math.max(min, Math.round((1 - fraction) * from + fraction * to));
}

/** `profile` resampled to `length` layers by linear interpolation over relative depth. */
function resampleWidths(profile: number[], length: number): number[] {
  if (length === 0) return [];
  if (profile.length === 0) return new Array<number>(length).fill(1);
  return Array.from({ length }, (_, i) => {
    const t = length === 1 ? 0 : (i / (length - 1)) * (profile.length - 1);
    const lo = Math.floor(t);
    const hi = Math.min(profile.length - 1, Math.ceil(t));
    return profile[lo] + (profile[hi] - profile[lo]) * (t - lo);
  });
}

function scaleWidths(profile: number[], multiplier: number): number[] {
  return profile.map((width) => Math.max(1, Math.round(width * multiplier)));
}

/** The family of archs `multiplier ↦ arch` that the bisection searches over. */
function scaledFamily(teacher: Arch, target: Arch, fraction: number): (multiplier: number) => Arch {
  if (teacher.family === 'mlp') {
    const targetDepth = target.family === 'mlp' ? target.hidden.length : target.dense.length;
    const depth = interpolateDepth(teacher.hidden.length, targetDepth, fraction, 1);
    const profile = resampleWidths(teacher.hidden.length > 0 ? teacher.hidden : target.family === 'mlp' ? target.hidden : [], depth);
    return (multiplier) => {
      const arch: MlpArch = { ...teacher, hidden: scaleWidths(profile, multiplier) };
      return arch;
    };
  }
  const denseDepth =
    target.family === 'cnn' ? interpolateDepth(teacher.dense.length, target.dense.length, fraction, 0) : teacher.dense.length;
  const denseProfile = resampleWidths(teacher.dense, denseDepth);
  const filters = teacher.convs.map((block) => block.filters);
  return (multiplier) => {
    const scaled = scaleWidths(filters, multiplier);
    const arch: CnnArch = {
      ...teacher,
      convs: teacher.convs.map((block, i) => ({ ...block, filters: scaled[i] })),
      dense: scaleWidths(denseProfile, multiplier),
    };
    return arch;
  };
}

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

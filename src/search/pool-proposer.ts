import type { Proposer } from './proposer.js';
import { dedupeArchs, isStrictlyBetween } from './proposer.js';

/** Selects the space's `candidates` whose parameter count is strictly between teacher and target. */
export const poolProposer: Proposer = {
  key: 'pool',
  propose(teacher, target, ctx) {
    return dedupeArchs(
      ctx.space.candidates.filter((arch) => isStrictlyBetween(arch, teacher, target, ctx)),
      ctx,
    );
  },
};

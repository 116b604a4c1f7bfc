import type { Arch, Complexity } from '../core/index.js';
import { archLabel, sameArch } from '../models/index.js';
import type { SearchSpace } from './search-space.js';

/** What a proposer may read: the space and the complexity of any arch on this dataset. */
export interface ProposerContext {
  space: SearchSpace;
  complexity(arch: Arch): Complexity;
}

/**
 * Proposes candidate intermediates between a teacher and the target (docs/design.md §4.3: selected
 * from a pool or constructed). Pure: the same inputs give the same archs in the same order.
 */
export interface Proposer {
  key: string;
  /** Archs whose parameter count lies strictly between the target's and the teacher's; may be empty. */
  propose(teacher: Arch, target: Arch, ctx: ProposerContext): Arch[];
}

/** True when `arch` has strictly fewer parameters than `teacher` and strictly more than `target`. */
export function isStrictlyBetween(arch: Arch, teacher: Arch, target: Arch, ctx: ProposerContext): boolean {
  const params = ctx.complexity(arch).params;
  return params < ctx.complexity(teacher).params && params > ctx.complexity(target).params;
}

/**
 * Removes archs that build the same model as an earlier one and orders the rest by decreasing
 * parameter count, then label, so proposals never depend on the order proposers ran in.
 */
export function dedupeArchs(archs: Arch[], ctx: ProposerContext): Arch[] {
  const unique: Arch[] = [];
  for (const arch of archs) {
    if (!unique.some((kept) => sameArch(kept, arch))) unique.push(arch);
  }
  return unique
    .map((arch) => ({ arch, params: ctx.complexity(arch).params, label: archLabel(arch) }))
    .sort((a, b) => b.params - a.params || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))
    .map((entry) => entry.arch);
}

import { ChainSelection, PENDING, distinctExpansions } from './search-run.js';
import type { Expansion, PartialChain, Pending, SearchRun } from './search-run.js';
import type { ChainResult, SearchResult } from './search-types.js';
import type { Strategy } from './strategy.js';

/**
 * Beam search over chains: each step extends every kept partial chain by every proposed
 * intermediate, keeps the extensions whose target score beats their own parent chain's by more
 * than minGain, and carries the `width` best of them to the next step. Width 1 is the paper's
 * greedy meta-approach. Stops at maxDepth or when no extension improves.
 */
export function beamSearch(run: SearchRun, width: number): SearchResult | Pending {
  const { minGain, maxDepth, standardErrors } = run.search;
  const baseline = run.baseline();
  if (baseline !== PENDING && baseline.root === null) return run.finish(baseline, [], baseline.best);
  // The first step needs only the root, so its candidates train while the 1-hop nodes do.
  const start = run.rootChain(baseline);
  let beam: PartialChain[] = start ? [start] : [];
  const chains: ChainResult[] = [];
  const selection = new ChainSelection(baseline === PENDING ? null : baseline.best, minGain, standardErrors);
  for (let depth = 1; depth <= maxDepth && beam.length > 0; depth++) {
    const found: Expansion[] = [];
    let pending = baseline === PENDING;
    for (const chain of beam) {
      const teacher = chain.links[chain.links.length - 1].arch;
      for (const arch of run.propose(teacher, depth)) {
        const expansion = run.expand(chain, arch);
        if (expansion === PENDING) pending = true;
        else if (expansion !== null) found.push(expansion);
      }
    }
    if (pending) return PENDING;
    const expansions = distinctExpansions(found);
    chains.push(...expansions.map((e) => e.complete));
    selection.offer(expansions.map((e) => e.complete));
    beam = expansions
      .filter((e) => e.score > e.parentScore + minGain)
      .sort((a, b) => b.score - a.score)
      .slice(0, width);
  }
  if (baseline === PENDING) return PENDING;
  return run.finish(baseline, chains, selection.best);
}

export const beamStrategy: Strategy = {
  key: 'beam',
  description: 'keep the beamWidth best partial chains per step (greedy is width 1)',
  search: (run) => beamSearch(run, run.search.beamWidth),
};

import { ChainSelection, PENDING, chainId } from './search-run.js';
import type { PartialChain } from './search-run.js';
import { dedupeArchs, isStrictlyBetween } from './proposer.js';
import type { ChainResult } from './search-types.js';
import type { Strategy } from './strategy.js';

/**
 * Every decreasing path root → subset of the pool (in decreasing parameter count) → target, up
 * to maxDepth intermediates: the ground truth cheaper strategies are judged against. Each hop's
 * config is chosen on its own student's validation accuracy; every target config is tried.
 * Constructed archs are not used (they would make the tree unbounded).
 */
export const exhaustiveStrategy: Strategy = {
  key: 'exhaustive',
  description: 'every decreasing path through the candidate pool',
  search(run) {
    const { space, maxDepth, minGain, proposerContext } = run.search;
    const pool = dedupeArchs(space.candidates, proposerContext);
    const baseline = run.baseline();
    if (baseline !== PENDING && baseline.root === null) return run.finish(baseline, [], baseline.best);
    const levels: ChainResult[][] = Array.from({ length: maxDepth + 1 }, () => []);
    let pending = baseline === PENDING;
    const seen = new Set<string>();
    const visit = (chain: PartialChain, depth: number, from: number): void => {
      const teacher = chain.links[chain.links.length - 1].arch;
      for (let i = from; i < pool.length; i++) {
        if (!isStrictlyBetween(pool[i], teacher, space.target.arch, proposerContext)) continue;
        const expansion = run.expand(chain, pool[i]);
        if (expansion === PENDING) pending = true;
        else if (expansion !== null && !seen.has(chainId(expansion.complete.links))) {
          seen.add(chainId(expansion.complete.links));
          levels[depth].push(expansion.complete);
          if (depth < maxDepth) visit(expansion, depth + 1, i + 1);
        }
      }
    };
    const start = run.rootChain(baseline);
    if (start) visit(start, 1, 0);
    if (pending || baseline === PENDING) return PENDING;
    const selection = new ChainSelection(baseline.best, minGain, run.search.standardErrors);
    for (const level of levels.slice(1)) selection.offer(level);
    return run.finish(baseline, levels.flat(), selection.best);
  },
};

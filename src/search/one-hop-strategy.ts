import { PENDING } from './search-run.js';
import type { Strategy } from './strategy.js';

/** Scratch and every method config straight from the root: the baseline row, no intermediates. */
export const oneHopStrategy: Strategy = {
  key: 'one-hop',
  description: 'scratch and 1-hop transfer from the root only',
  search(run) {
    const baseline = run.baseline();
    return baseline === PENDING ? PENDING : run.finish(baseline, [], baseline.best);
  },
};

import { beamSearch } from './beam-strategy.js';
import type { Strategy } from './strategy.js';

/**
 * The paper's meta-approach: from the root, train each proposed intermediate and the target from
 * it; append the best one when its target score beats the current best by more than minGain,
 * continue from it, else stop. A beam of width 1.
 */
export const greedyStrategy: Strategy = {
  key: 'greedy',
  description: 'append the intermediate that most improves the target, while it beats minGain',
  search: (run) => beamSearch(run, 1),
};

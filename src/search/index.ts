/**
 * Chain search (docs/design.md §4): search-space files, proposers of intermediate architectures, and
 * the pure controller that decides from stored outcomes which hops to train next.
 */
import type { SearchSpace } from './search-space.js';
import { buildController } from './search-controller.js';
import { proposers, strategies } from './strategies.js';
import type { ControllerSettings, SearchController } from './search-controller.js';

export type { Proposer, ProposerContext } from './proposer.js';
export type { Strategy } from './strategy.js';
export type { ControllerSettings, MethodGrid, PlanStep, SearchController, SearchProgress } from './search-controller.js';
export type { ChainLink, ChainResult, ResolvedSearch, SearchResult, TransferConfig } from './search-types.js';
export type { ConstructSettings, SearchSpace, StrategyKey } from './search-space.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MIN_GAIN,
  DEFAULT_TRAINING,
  SHIPPED_SEARCH_SPACES_DIR,
  loadSearchSpace,
  parseSearchSpace,
  searchSpacePath,
  shippedSearchSpaceNames,
  trainSettingsFor,
  trainingSchema,
} from './search-space.js';
export { canonicalJson, hopKey } from './hop-key.js';
export { proposers, strategies } from './strategies.js';
export { MAX_SEEDS, checkSeeds, seedListSchema, seedsForCount } from './seeds.js';
export { gainNoise, progressBest } from './search-run.js';
export { BUDGET_FLAGS, budgetFamilies, budgetFlags, budgetLadders, budgetSchema, budgetViolation, hasBudget, selectBudgetTargets } from './budget.js';
export type { Budget, BudgetTarget } from './budget.js';

/**
 * The search controller for a space. The runner loops: `plan(outcomes)`; on `run`, train the hops
 * and store their outcomes; on `done`, store `result`. Resuming is calling `plan` again with the
 * stored outcomes.
 *
 * @throws ConfigError for an unknown strategy or proposer, bad seeds, or a target not smaller than the root
 */
export function createController(space: SearchSpace, settings: ControllerSettings): SearchController {
  return buildController(space, settings, strategies, proposers);
}

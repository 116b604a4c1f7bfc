/** Running searches: the loop that joins the controller, the worker pool and the results store. */
export { resumeSearch, startSearch } from './run-search.js';
export type { RunHooks, RunObserver, RunOutcome, RunProgress } from './run-search.js';
export { DEFAULT_METHODS, DEFAULT_SPACE, datasetLoadOptions, resolveRunConfig, storedRunConfig } from './run-config.js';
export type { RunConfig, SearchRequest } from './run-config.js';
export { chainRecords, meanStd } from './run-chains.js';

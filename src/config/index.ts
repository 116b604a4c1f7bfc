/**
 * A run's configuration: what the user asked for (flags, search-space file) resolved into the
 * settings a run stores, and read back from the store for resume, reports and export. Loads no
 * TF.js and no threads.
 */
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_METHODS,
  DEFAULT_PROBE_EPOCHS,
  DEFAULT_SPACE,
  datasetLoadOptions,
  resolveRunConfig,
  storedRunConfig,
} from './run-config.js';
export type { RunConfig, SearchRequest } from './run-config.js';

/**
 * multihop as a library: run and resume chain searches, open a results store, load datasets, and
 * the registries that name every model family, transfer method and search strategy. The CLI
 * (`multihop …`) is a thin layer over these same calls.
 *
 * @example
 * ```ts
 * import { search } from 'multihop';
 * const { run, result } = await search({ dataset: 'iris', space: 'tiny', seeds: 2 }, { db: 'runs.db' });
 * console.log(run.id, result.best?.meanValidation);
 * ```
 */
import { resumeSearch, startSearch, type RunObserver, type RunOutcome } from './run/index.js';
import type { SearchRequest } from './config/index.js';
import { openStore, type ResultsStore } from './store/index.js';

export { openStore, openMemoryStore } from './store/index.js';
export type { OpenStoreOptions, ResultsStore, RunRecord, NodeRecord, ChainRecord, SweepRecord, SweepRunRecord } from './store/index.js';
export { collectSweepReport } from './sweep/index.js';
export type { SweepReport, SweepReportRow } from './sweep/index.js';
export { loadDataset, datasetNames } from './data/index.js';
export type { LoadedDataset } from './data/index.js';
export { families } from './models/index.js';
export type { ModelFamily, FamilyRuntime } from './models/index.js';
export { transferMethods as methods } from './transfer/index.js';
export type { TransferMethod } from './transfer/index.js';
export { strategies } from './search/index.js';
export type { SearchResult, ChainResult, ChainLink, Strategy, Budget, BudgetTarget } from './search/index.js';
export type { SearchRequest } from './config/index.js';
export type { RunObserver, RunOutcome, RunProgress } from './run/index.js';
export { MultihopError, ConfigError, DataError, StoreError, TrainingError, BackendError, InterruptedError } from './core/index.js';

/** Where a library run is recorded and how it is watched. */
export interface RunOptions {
  /** An open results store to record the run in (left open). */
  store?: ResultsStore;
  /** Or the path of a results database to open (and close at the end). Default: `./multihop.db`. */
  db?: string;
  /** Progress, start and message callbacks. */
  observer?: RunObserver;
  /** Aborting stops the run cleanly; it can be resumed later. */
  signal?: AbortSignal;
  /** Worker threads (default: the number of cores). */
  workers?: number;
}

async function withRunStore<T>(options: RunOptions, body: (store: ResultsStore) => Promise<T>): Promise<T> {
  if (options.store) return body(options.store);
  const store = openStore(options.db ?? 'multihop.db');
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

/**
 * Runs a chain search to the end and records it: trains the complex model, the target from
 * scratch, every 1-hop transfer and the chains the strategy explores, and selects the best chain on
 * validation accuracy.
 *
 * @param request what to search: dataset, search space, strategy, methods, seeds… (the CLI flags
 *   of `multihop search`; every field is optional)
 * @param options where to record the run (an open store or a database path) and how to watch it
 * @returns the stored run and the search result (scratch, best 1-hop, selected chain)
 * @throws ConfigError, DataError, StoreError for bad input (one-line messages); InterruptedError
 *   when `options.signal` aborts (resume the run with {@link resume})
 */
export function search(request: SearchRequest = {}, options: RunOptions = {}): Promise<RunOutcome> {
  const hooks = { observer: options.observer, signal: options.signal, workers: options.workers };
  return withRunStore(options, (store) => startSearch(store, request, ['search', '(library call)'], hooks));
}

/**
 * Continues an interrupted or crashed run: finished nodes are kept, interrupted ones trained again,
 * and the result is the one the uninterrupted run would have given.
 *
 * @param runId the run's id (`multihop runs` lists them)
 * @param options the store holding the run (an open store or a database path) and how to watch it
 */
export function resume(runId: string, options: RunOptions = {}): Promise<RunOutcome> {
  const hooks = { observer: options.observer, signal: options.signal, workers: options.workers };
  return withRunStore(options, (store) => resumeSearch(store, runId, { workers: options.workers }, hooks));
}

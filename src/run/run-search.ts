/**
 * Starting and resuming searches: loads and prepares the data, records the run, takes its lease,
 * starts the local hop trainer and drives the run (run-driver.ts). The store drives everything:
 * resuming is driving the same run again.
 */
import { DataError, MultihopError, type PreparedData } from '../core/index.js';
import { initBackend } from '../backend/index.js';
import { datasetLoadOptions, resolveRunConfig, storedRunConfig, type RunConfig, type SearchRequest } from '../config/index.js';
import { loadDataset, prepareData, toSharedMemory } from '../data/index.js';
import type { HopTrainer } from '../hop/index.js';
import { checkWorkerCount, createPoolTrainer, defaultWorkerCount, maxWorkers } from '../pool/index.js';
import { canonicalJson, createController, type SearchController } from '../search/index.js';
import type { ResultsStore, RunRecord } from '../store/index.js';
import { driveRun, type RunObserver, type RunOutcome } from './run-driver.js';
import { acquireRunLease } from './run-lease.js';
import { chanceLevels } from './result-checks.js';

export interface RunHooks {
  observer?: RunObserver;
  /** Aborting stops the run cleanly: in-flight hops are abandoned and queued again on resume. */
  signal?: AbortSignal;
  /** Worker module to use instead of the default (tests inject failures and gates). */
  workerFile?: string | URL;
  /** Applied to the prepared data before the run starts (tests shuffle test labels). */
  transformData?: (data: PreparedData) => PreparedData;
  workers?: number;
}

async function prepareRunData(config: RunConfig, hooks: RunHooks): Promise<PreparedData> {
  const dataset = await loadDataset(config.dataset, datasetLoadOptions(config));
  const prepared = prepareData(dataset, config.split);
  return toSharedMemory(hooks.transformData ? hooks.transformData(prepared) : prepared);
}

function controllerFor(config: RunConfig, data: PreparedData): SearchController {
  return createController(config.space, {
    strategy: config.strategy,
    beamWidth: config.beamWidth,
    // The stored space carries the resolved grid of every method (see resolveRunConfig).
    methods: config.methods.map((key) => ({ key, grid: config.space.methods[key] ?? [] })),
    seeds: config.seeds,
    exampleShape: data.exampleShape,
    numClasses: data.numClasses,
    keySalt: canonicalJson({ data: data.hash, split: config.split }),
  });
}

/** Starts a new search run and carries it to the end. */
export async function startSearch(
  store: ResultsStore,
  request: SearchRequest,
  command: string[],
  hooks: RunHooks = {},
): Promise<RunOutcome> {
  const config = resolveRunConfig(request);
  const data = await prepareRunData(config, hooks);
  // Validates the whole setup (archs against this dataset, strategy, seeds) before anything is stored.
  const controller = controllerFor(config, data);
  const workers = checkWorkerCount(hooks.workers ?? request.workers ?? defaultWorkerCount());
  const backend = await initBackend(request.backend);
  const run = store.createRun({
    command,
    config: config as unknown as Record<string, unknown>,
    dataset: { name: config.dataset, hash: data.hash },
    split: config.split,
    backend: backend.name,
    strategy: config.strategy,
    methods: config.methods,
    seeds: config.seeds,
    workers,
  });
  return execute(store, run, config, data, controller, { ...hooks, workers }, backend.name, false);
}

/** Continues an interrupted or crashed run: finished nodes are kept, interrupted ones trained again. */
export async function resumeSearch(
  store: ResultsStore,
  runId: string,
  options: { backend?: string; workers?: number },
  hooks: RunHooks = {},
): Promise<RunOutcome> {
  const run = store.getRun(runId);
  if (!run) throw new MultihopError(`no run '${runId}' in ${store.path}; list them with 'multihop runs'`);
  const config = storedRunConfig(run.id, run.config);
  const data = await prepareRunData(config, hooks);
  if (data.hash !== run.dataset.hash) {
    throw new DataError(
      `run ${run.id}: dataset '${config.dataset}' has changed since the run started (hash ${data.hash.slice(0, 12)} ≠ ${run.dataset.hash.slice(0, 12)}); restore the original file or start a new search`,
    );
  }
  const backend = await initBackend(options.backend ?? run.backend);
  if (backend.name !== run.backend) {
    hooks.observer?.onMessage?.(`warning: run ${run.id} started on ${run.backend}, resuming on ${backend.name}; results may differ slightly`);
  }
  const asked = hooks.workers ?? options.workers;
  // A run started on a bigger machine resumes with what this one can hold.
  const workers = asked !== undefined ? checkWorkerCount(asked) : Math.min(run.workers, maxWorkers());
  const controller = controllerFor(config, data);
  return execute(store, run, config, data, controller, { ...hooks, workers }, backend.name, true);
}

async function execute(
  store: ResultsStore,
  run: RunRecord,
  config: RunConfig,
  data: PreparedData,
  controller: SearchController,
  hooks: RunHooks & { workers: number },
  backend: string,
  resumed: boolean,
): Promise<RunOutcome> {
  const lease = acquireRunLease(store, run.id);
  try {
    let trainer: HopTrainer;
    try {
      trainer = createPoolTrainer({ data, workers: hooks.workers, backend, workerFile: hooks.workerFile });
    } catch (error) {
      store.stopRun(run.id, { status: 'failed', error: (error as Error).message, releaseLeaseOf: lease.owner });
      throw error;
    }
    try {
      return await driveRun({
        store,
        run,
        controller,
        trainer,
        maxAttempts: config.maxAttempts,
        probeEpochs: config.probeEpochs,
        backend,
        resumed,
        observer: hooks.observer,
        abort: hooks.signal,
        chance: chanceLevels(data.validation.labels, data.numClasses),
        leaseOwner: lease.owner,
      });
    } finally {
      await trainer.close();
    }
  } finally {
    lease.release();
  }
}

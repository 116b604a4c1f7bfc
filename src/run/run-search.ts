/**
 * Starting and resuming searches: starts the local hop trainer's threads, loads and prepares the
 * data meanwhile, records the run, takes its lease and drives the run (run-driver.ts). The store
 * drives everything: resuming is driving the same run again.
 */
import { ConfigError, DataError, MultihopError, type PreparedData } from '../core/index.js';
import { cpuBackendWithoutLoading, describeBackend, parseBackendChoice, type BackendInfo } from '../backend/backend-choices.js';
import { loadNativeKernels } from '../kernels/native-addon.js';
import { FUSED_STEP_ENV } from '../training/fused-mlp-step.js';
import { datasetLoadOptions, resolveRunConfig, storedRunConfig, type RunConfig, type SearchRequest } from '../config/index.js';
import { loadDataset, prepareData, toSharedMemory, type LoadedDataset } from '../data/index.js';
import type { HopTrainer } from '../hop/index.js';
import { checkWorkerCount, defaultWorkerCount, maxWorkers, startPool, type StartedPool } from '../pool/index.js';
import { canonicalJson, createController, type SearchController } from '../search/index.js';
import { families } from '../models/index.js';
import type { ResultsStore, RunRecord } from '../store/index.js';
import { driveRun, type RunObserver, type RunOutcome } from './run-driver.js';
import { acquireRunLease } from './run-lease.js';
import { atChance, chanceLevels } from './result-checks.js';
import { measureExternalTeacher, teacherHash, teacherLabel, withoutIdColumn, type MeasuredTeacher } from '../teachers/index.js';
import type { ExternalRoot } from './external-root.js';
import { resolveBudgetTargets } from './budget-targets.js';
import { DEFAULT_JOBS_IN_FLIGHT } from '../queue/queue-names.js';

/** Hops go to BullMQ workers on Redis (`multihop worker`) instead of the local pool. */
export interface QueueChoice {
  /** `redis://…` or `rediss://…`; never stored (the run's command line keeps it redacted). */
  url: string;
  /** Hops kept in flight on the queue; default 16. */
  jobs?: number;
}

export interface RunHooks {
  observer?: RunObserver;
  /** Aborting stops the run cleanly: in-flight hops are abandoned and queued again on resume. */
  signal?: AbortSignal;
  /** Worker module to use instead of the default (tests inject failures and gates). */
  workerFile?: string | URL;
  /** Applied to the prepared data before the run starts (tests shuffle test labels). */
  transformData?: (data: PreparedData) => PreparedData;
  workers?: number;
  /** Id of the run `startSearch` creates (a sweep names its runs `<sweep>-<n>`); default: a new one. */
  runId?: string;
  /** Train on the queue's workers instead of local threads (`--queue`); `workers` is then ignored. */
  queue?: QueueChoice;
}

/** Hops trained at once: jobs in flight on a queue, else local threads within this machine's bound. */
function concurrencyOf(hooks: RunHooks, fallback: () => number): number {
  if (hooks.queue) return hooks.queue.jobs ?? DEFAULT_JOBS_IN_FLIGHT;
  return hooks.workers !== undefined ? checkWorkerCount(hooks.workers) : fallback();
}

/** The run's data, and what an external teacher needs besides: the dataset rows and their ids. */
interface RunData {
  data: PreparedData;
  dataset: LoadedDataset;
  ids?: string[];
}

async function prepareRunData(config: RunConfig, hooks: RunHooks): Promise<RunData> {
  const loaded = await loadDataset(config.dataset, datasetLoadOptions(config));
  // An id column names rows for aligning a teacher's predictions; it is never a feature.
  const idColumn = config.teacher?.idColumn;
  const { dataset, ids } = idColumn !== undefined ? withoutIdColumn(loaded, config.dataset, idColumn) : { dataset: loaded, ids: undefined };
  const prepared = prepareData(dataset, config.split);
  const data = toSharedMemory(hooks.transformData ? hooks.transformData(prepared) : prepared);
  return { data, dataset, ...(ids ? { ids } : {}) };
}

/**
 * Measures the user's model on the run's splits; one at chance is refused (most often rows or
 * classes that do not line up), before anything is stored or trained.
 */
async function measureTeacher(config: RunConfig, { data, dataset, ids }: RunData): Promise<MeasuredTeacher> {
  const spec = config.teacher!;
  const teacher = await measureExternalTeacher(spec, dataset, data, config.split, { ...(ids ? { ids } : {}), probeEpochs: config.probeEpochs });
  const chance = chanceLevels(data.validation.labels, data.numClasses);
  const accuracy = teacher.metrics.validation.accuracy;
  if (atChance(accuracy, chance)) {
    throw new DataError(
      `--teacher ${spec.path}: validation accuracy ${(100 * accuracy).toFixed(2)}% is no better than always answering the most frequent class (${(100 * chance.accuracy).toFixed(2)}%); check --teacher-classes, --teacher-input and how rows align (--id)`,
    );
  }
  return teacher;
}

/** The root hop's source when the run starts from the user's model; measured at most once. */
function externalRoot(config: RunConfig, runData: RunData, measured?: MeasuredTeacher): ExternalRoot | undefined {
  const spec = config.teacher;
  if (!spec) return undefined;
  let pending: Promise<MeasuredTeacher> | undefined = measured ? Promise.resolve(measured) : undefined;
  return {
    label: teacherLabel(spec),
    spec,
    measure() {
      pending ??= (async () => {
        if (teacherHash(spec.kind, spec.path) !== spec.sha256) {
          throw new DataError(`--teacher ${spec.path} has changed since the run started; restore the original file or start a new search`);
        }
        return measureTeacher(config, runData);
      })();
      return pending;
    },
  };
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
    keySalt: canonicalJson({ data: data.hash, split: config.split, ...(config.teacher ? { teacher: config.teacher.sha256 } : {}) }),
    ...(config.teacher ? { externalRoot: { label: teacherLabel(config.teacher) } } : {}),
    ...(config.budgetTargets ? { targets: config.budgetTargets.map((t) => t.arch) } : {}),
  });
}

/**
 * The local pool, started before the data is loaded: its threads load their modules, the kernels
 * and, when the run has models that need TF.js (not trees, not mlps the fused step trains: see
 * workerBackend), TF.js, while this one loads the data and records the run (they get the data
 * and the backend through `setUp`). None when hops go to a queue.
 */
function startLocalPool(hooks: RunHooks, workers: number, plan: WorkerBackend): StartedPool | undefined {
  return hooks.queue ? undefined : startPool({ workers, workerFile: hooks.workerFile, loadBackend: plan.kind === 'started' });
}

/** Starts a new search run and carries it to the end. */
export async function startSearch(
  store: ResultsStore,
  request: SearchRequest,
  command: string[],
  hooks: RunHooks = {},
): Promise<RunOutcome> {
  const resolved = resolveRunConfig(request);
  const workers = concurrencyOf(hooks, () => checkWorkerCount(request.workers ?? defaultWorkerCount()));
  // A budget's latency is measured on this thread before the targets are chosen: starting threads
  // beside it would slow that measurement down, so the pool starts after it.
  // A budget's targets join the config later; its run starts the backend whatever they are.
  const plan = workerBackend(resolved, request.backend);
  let pool = resolved.budget ? undefined : startLocalPool(hooks, workers, plan);
  let trainer: HopTrainer | undefined = pool;
  const closeTrainer = once(() => trainer?.close());
  try {
    const runData = await prepareRunData(resolved, hooks);
    const { data } = runData;
    // Latency is measured on the run's backend, so a budget may start it before the targets are chosen.
    const config: RunConfig = resolved.budget
      ? { ...resolved, budgetTargets: await resolveBudgetTargets(resolved, data, resolved.budget, () => initBackend(request.backend, { quiet: true })) }
      : resolved;
    trainer = pool ??= startLocalPool(hooks, workers, plan);
    // Validates the whole setup (archs against this dataset, strategy, seeds, the teacher) before anything is stored.
    const controller = controllerFor(config, data);
    // A TF.js teacher runs on the backend, and so do the probes of any model teacher: it is chosen
    // quietly first, so that a refused teacher is still one line, and announced once measured.
    if (teacherOnBackend(config)) await initBackend(request.backend, { quiet: true });
    const teacher = config.teacher ? await measureTeacher(config, runData) : undefined;
    // An unreachable queue is refused before a run is recorded.
    const { trainer: ready, backend } = await readyTrainer(pool, hooks, data, request.backend, workers, config, plan);
    trainer = ready;
    const run = store.createRun({
      ...(hooks.runId !== undefined ? { id: hooks.runId } : {}),
      command,
      config: config as unknown as Record<string, unknown>,
      dataset: { name: config.dataset, hash: data.hash },
      split: config.split,
      backend,
      strategy: config.strategy,
      methods: config.methods,
      seeds: config.seeds,
      workers,
    });
    return await execute(store, run, config, data, controller, { ...hooks, workers }, backend, false, externalRoot(config, runData, teacher), trainer, closeTrainer);
  } finally {
    await closeTrainer();
  }
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
  // A run started on a bigger machine resumes with what this one can hold.
  const workers = concurrencyOf(hooks, () => (options.workers !== undefined ? checkWorkerCount(options.workers) : Math.min(run.workers, maxWorkers())));
  // A run recorded on no backend (NO_BACKEND) asks for none: its models never run on one.
  const requested = options.backend ?? (run.backend === NO_BACKEND ? undefined : run.backend);
  const plan = workerBackend(config, requested);
  const pool = startLocalPool(hooks, workers, plan);
  let trainer: HopTrainer | undefined = pool;
  const closeTrainer = once(() => trainer?.close());
  try {
    const runData = await prepareRunData(config, hooks);
    const { data } = runData;
    if (data.hash !== run.dataset.hash) {
      throw new DataError(
        `run ${run.id}: dataset '${config.dataset}' has changed since the run started (hash ${data.hash.slice(0, 12)} ≠ ${run.dataset.hash.slice(0, 12)}); restore the original file or start a new search`,
      );
    }
    const controller = controllerFor(config, data);
    const ready = await readyTrainer(pool, hooks, data, requested, workers, config, plan);
    trainer = ready.trainer;
    const { backend } = ready;
    // Results can only depend on the backend when the run's models run on one.
    if (backend !== run.backend && plan.kind !== 'none') {
      hooks.observer?.onMessage?.(`warning: run ${run.id} started on ${run.backend}, resuming on ${backend}; results may differ slightly`);
    }
    // The teacher is measured again only if its root node was never recorded.
    return await execute(store, run, config, data, controller, { ...hooks, workers }, backend, true, externalRoot(config, runData), trainer, closeTrainer);
  } finally {
    await closeTrainer();
  }
}

/** A TF.js teacher runs on the backend, and so do the probes of any model teacher. */
function teacherOnBackend(config: RunConfig): boolean {
  return config.teacher !== undefined && (config.teacher.kind === 'tfjs' || (config.teacher.probes?.length ?? 0) > 0);
}

/**
 * What a run records as its backend when none of its models runs on TF.js (trees, forests,
 * boosting, linear models: multihop's own code): its workers never load TF.js.
 */
export const NO_BACKEND = 'none';

/**
 * What a run's pool workers need of TF.js's backend:
 * - `none`: no model of the run runs on TF.js (trees, forests, boosting, linear models); the run
 *   records NO_BACKEND and its workers never load TF.js;
 * - `planned`: every network is an mlp the fused dense step trains (no dropout, the addon built
 *   with mlpStep and mlpLayers, MULTIHOP_FUSED_STEP not 0), with no user's model and no budget,
 *   and the backend it would start is a CPU one known without loading TF.js
 *   (cpuBackendWithoutLoading); the run records it, and the workers start it only for a hop
 *   that needs TF.js;
 * - `started`: otherwise (a network the fused step cannot train, the user's model, a budget,
 *   whose latency is measured on the backend): the workers load TF.js as they start.
 */
type WorkerBackend = { kind: 'none' } | { kind: 'planned'; name: 'wasm' | 'cpu' } | { kind: 'started' };

function workerBackend(config: RunConfig, requested: string | undefined): WorkerBackend {
  const { space } = config;
  const archs = [space.root.arch, space.target.arch, ...space.candidates];
  const networks = [space.family, ...archs.map((arch) => arch.family), ...(space.construct?.families ?? [])].filter((key) => families.get(key).runsOnBackend);
  if (config.teacher === undefined && config.budget === undefined && networks.length === 0) return { kind: 'none' };
  if (config.teacher !== undefined || config.budget !== undefined || process.env[FUSED_STEP_ENV] === '0') return { kind: 'started' };
  if (networks.some((key) => key !== 'mlp') || archs.some((arch) => arch.family === 'mlp' && (arch.dropout ?? 0) > 0)) return { kind: 'started' };
  const native = loadNativeKernels();
  if (native === null || typeof native.mlpStep !== 'function' || typeof native.mlpLayers !== 'function') return { kind: 'started' };
  const name = cpuBackendWithoutLoading(requested);
  return name === null ? { kind: 'started' } : { kind: 'planned', name };
}

/** TF.js's backend on this thread, loaded on first use. */
async function initBackend(requested: string | undefined, options: { quiet?: boolean } = {}): Promise<BackendInfo> {
  const backend = await import('../backend/index.js');
  return backend.initBackend(requested, options);
}

/** The last backend line this process printed: a sweep's runs announce theirs once, not per run. */
let announced: string | undefined;

function announceBackend(backend: BackendInfo | 'wasm' | 'cpu' | null): void {
  const described =
    backend === null
      ? `${NO_BACKEND} (no model of this search runs on TF.js)`
      : typeof backend === 'string'
        ? `${backend} (not loaded: this search's models train in the fused native step; TF.js starts only for a hop that needs it)`
        : describeBackend(backend);
  const line = `multihop: backend ${described}\n`;
  if (line !== announced) process.stderr.write(line);
  announced = line;
}

/**
 * The run's trainer once its data is known (the pool started earlier, or the queue), and the
 * backend its hops train on, announced on stderr. This thread starts the backend when it runs
 * models itself (a budget's latency, the user's model or its probes) or hops go to a queue (the
 * run records this one); otherwise the pool's workers start it and report which they got:
 * loading TF.js here too took ~80 ms of the two cores the workers were starting on. A run `plan`
 * says needs no backend records NO_BACKEND; one with a planned backend records that one, which the
 * workers start only for a hop that needs TF.js (WorkerBackend).
 */
async function readyTrainer(
  pool: StartedPool | undefined,
  hooks: RunHooks,
  data: PreparedData,
  requested: string | undefined,
  jobs: number,
  config: RunConfig,
  plan: WorkerBackend,
): Promise<{ trainer: HopTrainer; backend: string }> {
  if (pool && config.budget === undefined && !teacherOnBackend(config)) {
    // Refused here, before the workers say it, for the same one line.
    if (requested !== undefined && requested !== '') parseBackendChoice(requested, '--backend');
    else if (process.env.MULTIHOP_BACKEND) parseBackendChoice(process.env.MULTIHOP_BACKEND, 'MULTIHOP_BACKEND');
    pool.setUp({ data, backend: plan.kind === 'planned' ? plan.name : requested });
    if (plan.kind === 'none') {
      announceBackend(null);
      return { trainer: pool, backend: NO_BACKEND };
    }
    if (plan.kind === 'planned') {
      announceBackend(plan.name);
      return { trainer: pool, backend: plan.name };
    }
    const backend = await pool.backend();
    announceBackend(backend);
    return { trainer: pool, backend: backend.name };
  }
  const backend = await initBackend(requested, { quiet: true });
  announceBackend(backend);
  if (pool) {
    pool.setUp({ data, backend: backend.name });
    return { trainer: pool, backend: backend.name };
  }
  if (!hooks.queue) throw new Error('a run with neither a pool nor a queue (a bug)');
  return { trainer: await queueTrainerFor(hooks.queue, hooks, data, jobs, config), backend: backend.name };
}

/** The queue trainer when the run trains on `multihop worker`s (`--queue`), connected and holding the dataset. */
async function queueTrainerFor(queue: QueueChoice, hooks: RunHooks, data: PreparedData, jobs: number, config: RunConfig): Promise<HopTrainer> {
  // A compression hop queries the user's model itself, by its path: a worker on another machine
  // has no such file, and a worker never opens paths a job names.
  if (config.teacher && config.methods.includes('compression')) {
    throw new ConfigError(
      `--methods compression with your own model (--teacher ${config.teacher.path}) cannot run on a queue: the workers would need the model file; run it without --queue, or drop compression`,
    );
  }
  // BullMQ and ioredis load only for a run on a queue (about 300 ms to import).
  const { createQueueTrainer } = await import('../queue/queue-trainer.js');
  return createQueueTrainer({ url: queue.url, data, jobs, onMessage: (line) => hooks.observer?.onMessage?.(line) });
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
  root: ExternalRoot | undefined,
  trainer: HopTrainer,
  closeTrainer: () => Promise<void>,
): Promise<RunOutcome> {
  const lease = acquireRunLease(store, run.id);
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
      ...(root ? { externalRoot: root } : {}),
    });
  } finally {
    // The trainer stops while this process still holds the run, so no other coordinator can take
    // it over while this one's workers or queue connection are still winding down.
    try {
      await closeTrainer();
    } finally {
      lease.release();
    }
  }
}

/** `close` run at most once, whichever path calls it first (the others wait for the same close). */
function once(close: () => Promise<void> | undefined): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= Promise.resolve(close()));
}

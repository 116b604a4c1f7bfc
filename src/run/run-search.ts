/**
 * The search runner: wires the pure controller (src/search) to the worker pool (src/pool) and the
 * results store (src/store). The store drives everything: each round reads the stored outcomes,
 * asks the controller what to train next, trains it in the pool and writes each finished node in
 * one transaction. Resuming is running the same loop again.
 */
import {
  DataError,
  InterruptedError,
  MultihopError,
  type HopSpec,
  type PreparedData,
  type TeacherSignal,
} from '../core/index.js';
import { initBackend } from '../backend/index.js';
import { loadDataset, prepareData, toSharedMemory } from '../data/index.js';
import { archLabel } from '../models/index.js';
import { createHopPool, defaultWorkerCount, type HopPool } from '../pool/index.js';
import { canonicalJson, createController, progressBest, type SearchController, type SearchProgress, type SearchResult } from '../search/index.js';
import type { ResultsStore, RunRecord } from '../store/index.js';
import { transferMethods } from '../transfer/index.js';
import { chainRecords } from './run-chains.js';
import { acquireRunLease } from './run-lease.js';
import { datasetLoadOptions, resolveRunConfig, storedRunConfig, type RunConfig, type SearchRequest } from './run-config.js';

/** Progress of a run, for terminals and logs. */
export interface RunProgress {
  runId: string;
  /** Nodes trained (or failed for good) so far, and the total the search knows of so far. */
  done: number;
  failed: number;
  total: number;
  running: number;
  /** Best chain so far (target's mean validation accuracy) and its label. */
  best?: { label: string; validation: number };
  /** Estimated milliseconds left for the nodes known so far. */
  etaMs?: number;
}

export interface RunObserver {
  onStart?(run: RunRecord, info: { workers: number; backend: string; resumed: boolean; requeued: number }): void;
  onProgress?(progress: RunProgress): void;
  onMessage?(line: string): void;
}

export interface RunHooks {
  observer?: RunObserver;
  /** Aborting stops the run cleanly: in-flight hops are abandoned and queued again on resume. */
  signal?: AbortSignal;
  /** Worker module to use instead of the default (tests inject failures). */
  workerFile?: string | URL;
  /** Applied to the prepared data before the run starts (tests shuffle test labels). */
  transformData?: (data: PreparedData) => PreparedData;
  workers?: number;
}

export interface RunOutcome {
  run: RunRecord;
  result: SearchResult;
}

interface PreparedRun {
  config: RunConfig;
  data: PreparedData;
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
  controllerFor(config, data);
  const backend = await initBackend(request.backend);
  const workers = hooks.workers ?? request.workers ?? defaultWorkerCount();
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
  return execute({ store, run, prepared: { config, data }, hooks: { ...hooks, workers }, backend: backend.name, resumed: false });
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
  const workers = hooks.workers ?? options.workers ?? run.workers;
  return execute({ store, run, prepared: { config, data }, hooks: { ...hooks, workers }, backend: backend.name, resumed: true });
}

/** Everything one session of a run works with. */
interface RunSession {
  store: ResultsStore;
  run: RunRecord;
  prepared: PreparedRun;
  hooks: RunHooks & { workers: number };
  backend: string;
  resumed: boolean;
}

async function execute(session: RunSession): Promise<RunOutcome> {
  const lease = acquireRunLease(session.store, session.run.id);
  try {
    return await drive(session);
  } finally {
    lease.release();
  }
}

/** Runs the search loop of a run this process holds the lease of, and records how it ended. */
async function drive({ store, run, prepared, hooks, backend, resumed }: RunSession): Promise<RunOutcome> {
  const { config, data } = prepared;
  const controller = controllerFor(config, data);
  const requeued = store.resetInterrupted(run.id) + store.requeueRetryable(run.id, config.maxAttempts);
  store.setRunStatus(run.id, 'running');
  store.addEvent(run.id, 'info', resumed ? `resumed; ${requeued} interrupted node(s) queued again` : 'started', {
    workers: hooks.workers,
    backend,
  });
  hooks.observer?.onStart?.(run, { workers: hooks.workers, backend, resumed, requeued });
  const pool = createHopPool({ data, workers: hooks.workers, backend, workerFile: hooks.workerFile });
  const executor = new HopExecutor(store, run.id, controller, pool, config, hooks);
  try {
    const result = await executor.runToEnd();
    store.setChains(run.id, chainRecords(store, run.id, result));
    store.setRunStatus(run.id, 'done');
    store.addEvent(run.id, 'info', 'done', executor.stats());
    return { run: store.getRun(run.id) ?? run, result };
  } catch (error) {
    if (error instanceof InterruptedError) {
      store.resetInterrupted(run.id);
      store.setRunStatus(run.id, 'interrupted');
      store.addEvent(run.id, 'warn', 'interrupted');
    } else {
      store.setRunStatus(run.id, 'failed', error instanceof Error ? error.message : String(error));
    }
    throw error;
  } finally {
    await pool.destroy();
  }
}

/** Trains the hops the controller asks for, round after round, until it is done. */
class HopExecutor {
  private readonly signals = new Map<string, Promise<TeacherSignal>>();
  private readonly started = performance.now();
  private trained = 0;
  private trainMs = 0;
  private signalJobs = 0;
  private running = 0;
  private lastProgress: SearchProgress = { done: 0, failed: 0, open: 0, known: 0 };

  constructor(
    private readonly store: ResultsStore,
    private readonly runId: string,
    private readonly controller: SearchController,
    private readonly pool: HopPool,
    private readonly config: RunConfig,
    private readonly hooks: RunHooks & { workers: number },
  ) {}

  stats(): Record<string, number> {
    return {
      nodesTrained: this.trained,
      teacherSignalsComputed: this.signalJobs,
      wallMs: Math.round(performance.now() - this.started),
    };
  }

  /**
   * Plans, trains what the plan asks for, and plans again as soon as a hop finishes, so a hop
   * whose dependencies are done starts at once instead of waiting for the slowest hop of its
   * step: a worker never idles while the controller has work. Planning from partial outcomes is
   * what resume does, so the hops trained and the result are the same as with whole steps.
   */
  async runToEnd(): Promise<SearchResult> {
    const inFlight = new Set<string>();
    // The first unexpected error of a hop (an interrupt, a store error), kept for the loop to throw.
    const first: { failure: { error: unknown } | null } = { failure: null };
    let wake: (() => void) | null = null;
    // One pending wake-up at a time, resolved by whichever hop settles first.
    const nextSettled = () => new Promise<void>((resolve) => (wake = resolve));
    const submit = (hop: HopSpec): void => {
      inFlight.add(hop.key);
      this.trainWithRetries(hop)
        .catch((error: unknown) => {
          first.failure ??= { error };
        })
        .finally(() => {
          inFlight.delete(hop.key);
          const w = wake;
          wake = null;
          w?.();
        });
    };
    // While more hops are queued than the workers can start, a plan could only add to the queue:
    // wait instead (a plan reads every node; planning after each of hundreds of hops is quadratic).
    const queueIsDeep = () => inFlight.size > 2 * this.hooks.workers;
    try {
      for (;;) {
        if (first.failure) throw first.failure.error;
        this.checkAborted();
        const step = this.controller.plan(this.store.nodeOutcomes(this.runId));
        this.lastProgress = step.progress;
        if (step.kind === 'done' && inFlight.size === 0) {
          this.report(step.result);
          return step.result;
        }
        if (step.kind === 'run') for (const hop of step.hops) if (!inFlight.has(hop.key)) submit(hop);
        this.report();
        do await nextSettled();
        while (!first.failure && !this.hooks.signal?.aborted && queueIsDeep());
      }
    } catch (error) {
      // A Ctrl-C can surface first as another hop's error: the run is interrupted, not failed.
      if (this.hooks.signal?.aborted && !(error instanceof InterruptedError)) {
        throw new InterruptedError(`interrupted; continue with: multihop resume ${this.runId}`);
      }
      throw error;
    } finally {
      // Never leave hops running behind a thrown error: the caller resets interrupted nodes.
      while (inFlight.size > 0) await nextSettled();
    }
  }

  private checkAborted(): void {
    if (this.hooks.signal?.aborted) {
      throw new InterruptedError(`interrupted; continue with: multihop resume ${this.runId}`);
    }
  }

  /** Trains one hop, retrying up to maxAttempts; a hop that keeps failing is recorded failed and the run goes on. */
  private async trainWithRetries(hop: HopSpec): Promise<void> {
    for (;;) {
      this.checkAborted();
      const attempt = this.store.markNodeRunning(this.runId, {
        ...hop,
        complexity: this.controller.search.proposerContext.complexity(hop.arch),
        archLabel: archLabel(hop.arch),
      });
      this.running += 1;
      this.report();
      try {
        const job = {
          kind: 'train' as const,
          hop,
          settings: this.controller.trainSettingsFor(hop),
          teacher: await this.teacherSignalFor(hop),
          studentScratch: this.studentScratchFor(hop),
        };
        const started = performance.now();
        const outcome = await this.pool.train(job, this.hooks.signal);
        this.store.recordNodeDone(this.runId, hop.key, {
          ...outcome.result,
          methodParams: outcome.params,
          workerId: String(outcome.workerId),
          signals: { studentScratch: outcome.studentScratch },
        });
        this.trained += 1;
        this.trainMs += performance.now() - started;
        this.lastProgress = { ...this.lastProgress, done: this.lastProgress.done + 1 };
        return;
      } catch (error) {
        if (this.hooks.signal?.aborted) throw new InterruptedError(`interrupted; continue with: multihop resume ${this.runId}`);
        const message = error instanceof Error ? error.message : String(error);
        this.store.recordNodeFailed(this.runId, hop.key, message);
        const final = attempt >= this.config.maxAttempts;
        this.store.addEvent(this.runId, final ? 'error' : 'warn', `node ${hop.key} (${archLabel(hop.arch)} ${hop.method}) failed, attempt ${attempt}/${this.config.maxAttempts}: ${message}`);
        this.hooks.observer?.onMessage?.(
          `node ${hop.key} (${archLabel(hop.arch)}, ${hop.method}) failed on attempt ${attempt}/${this.config.maxAttempts}: ${message}${final ? ' — giving up on it' : ' — retrying'}`,
        );
        if (final) {
          this.lastProgress = { ...this.lastProgress, failed: this.lastProgress.failed + 1 };
          return;
        }
      } finally {
        this.running -= 1;
        this.report();
      }
    }
  }

  /** The parent's teacher signal: from the store, or computed once in the pool and stored. */
  private teacherSignalFor(hop: HopSpec): Promise<TeacherSignal | undefined> {
    if (hop.method === 'root' || !transferMethods.get(hop.method).needsTeacher || hop.parentKey === null) {
      return Promise.resolve(undefined);
    }
    const parentKey = hop.parentKey;
    let pending = this.signals.get(parentKey);
    if (!pending) {
      pending = this.loadOrComputeSignal(parentKey);
      this.signals.set(parentKey, pending);
      // A failed computation is not cached: the next child asks again.
      pending.catch(() => this.signals.delete(parentKey));
    }
    return pending;
  }

  private async loadOrComputeSignal(parentKey: string): Promise<TeacherSignal> {
    const cached = this.store.getTeacherSignal(this.runId, parentKey);
    if (cached) return cached;
    const parent = this.store.getNode(this.runId, parentKey);
    if (!parent || parent.status !== 'done') throw new Error(`teacher ${parentKey} is not trained (a controller bug)`);
    const outcome = await this.pool.signal(
      {
        kind: 'signal',
        nodeKey: parentKey,
        arch: parent.arch,
        weights: this.store.getWeights(this.runId, parentKey),
        seed: parent.seed,
        probeEpochs: this.config.probeEpochs,
      },
      this.hooks.signal,
    );
    this.store.recordTeacherSignal(this.runId, parentKey, outcome.signal);
    this.signalJobs += 1;
    return outcome.signal;
  }

  private studentScratchFor(hop: HopSpec) {
    if (!hop.studentScratchKey) return undefined;
    return this.store.getStudentScratch(this.runId, hop.studentScratchKey) ?? undefined;
  }

  private report(result?: SearchResult): void {
    const observer = this.hooks.observer;
    if (!observer?.onProgress) return;
    const { done, failed, known } = this.lastProgress;
    const finished = done + failed;
    const meanHopMs = this.trained > 0 ? this.trainMs / this.trained : undefined;
    const remaining = Math.max(0, known - finished);
    // Once the search is done, the selected chain (the best seen may be a longer one that did not
    // beat it by minGain).
    const best = result?.best ? progressBest(result.best) : this.lastProgress.best;
    observer.onProgress({
      runId: this.runId,
      done,
      failed,
      total: Math.max(known, finished),
      running: this.running,
      best,
      etaMs: meanHopMs === undefined ? undefined : (remaining * meanHopMs) / this.hooks.workers,
    });
  }
}

/**
 * The local hop trainer: a Piscina pool of worker threads, each holding the dataset once (shared
 * memory) and training one hop at a time.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { BackendError, ConfigError, type PreparedData } from '../core/index.js';
import type { BackendInfo } from '../backend/backend-choices.js';
import type { HopJob, HopJobResult, HopTrainer, SignalJobResult, TrainJobResult } from '../hop/index.js';
import { setupSender, type HopWorkerSetup } from './pool-setup.js';
import { maxWorkers } from './worker-limit.js';

/** What every worker receives at start-up: where its data and backend will come from. */
export interface HopWorkerData {
  /** BroadcastChannel on which the pool sends the {@link HopWorkerSetup} (pool-setup.ts). */
  setupChannel: string;
  /**
   * Load TF.js as the thread starts, beside the main thread's data loading (a run with models that
   * need it); false: only once a job needs it, which a run of trees, boosting and linear models
   * never does, nor mostly one of mlps the fused step trains (hop-worker.ts).
   */
  loadBackend: boolean;
}

export interface PoolStartOptions {
  /** Worker threads; default: the number of cores. */
  workers?: number;
  /** Worker module to run instead of the default one (tests wrap it to inject failures or gates). */
  workerFile?: string | URL;
  /** Whether the threads load TF.js as they start (default) or only for a job that needs it (HopWorkerData). */
  loadBackend?: boolean;
}

export interface PoolTrainerOptions extends PoolStartOptions {
  /** Prepared data whose typed arrays are SharedArrayBuffer-backed (see data's `toSharedMemory`). */
  data: PreparedData;
  /** Backend the workers request (`--backend`); default: the backend module's own order. */
  backend?: string;
}

/** A pool whose threads are starting: it trains once it has its setup. */
export interface StartedPool extends HopTrainer {
  /** Sends the workers their data and backend; jobs submitted before wait for it. Once only. */
  setUp(setup: HopWorkerSetup): void;
  /**
   * The backend a worker started for the setup's request (each worker starts its own, by the same
   * rules); rejects with the worker's ConfigError or BackendError when it cannot. After `setUp`.
   */
  backend(): Promise<BackendInfo>;
}

/** How long `close` waits for threads still loading their worker module before terminating them anyway. */
const LOAD_WAIT_MS = 10_000;

/** The task that asks a worker for its backend instead of training (hop-worker.ts). */
export const BACKEND_TASK = { kind: 'backend' } as const;

/** A worker's answer to BACKEND_TASK: the backend it started, or why it could not. */
export type BackendReport = { info: BackendInfo } | { failed: { name: string; message: string } };

/** One worker per core, within what this machine's memory allows. */
export function defaultWorkerCount(): number {
  return Math.min(availableParallelism(), maxWorkers());
}

/**
 * Starts `workers` threads before their data is known: they load their modules, the kernels and
 * (unless `loadBackend` is false) TF.js while the caller loads the data; `setUp` sends it. Close it
 * with `close()`.
 */
export function startPool(options: PoolStartOptions = {}): StartedPool {
  // The caller checked the count against this machine's limit before the run was created
  // (checkWorkerCount); free memory has changed since, so only its form is checked here.
  const workers = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new ConfigError(`--workers must be a positive integer, got ${String(options.workers)}`);
  }
  const workerFile = options.workerFile ?? new URL('./hop-worker.js', import.meta.url);
  const setup = setupSender();
  const workerData: HopWorkerData = { setupChannel: setup.channel, loadBackend: options.loadBackend ?? true };
  let piscina: Piscina;
  try {
    piscina = new Piscina({
      filename: workerFile instanceof URL ? fileURLToPath(workerFile) : workerFile,
      workerData,
      minThreads: workers,
      maxThreads: workers,
      // One hop per worker at a time: hops are CPU-bound, queueing inside a worker only adds latency.
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
  } catch (error) {
    setup.close();
    throw error;
  }
  // Every queued task listens on the run's one abort signal until it settles; a greedy step queues
  // dozens at once, which is not a leak, so lift Node's 10-listener warning for that signal.
  const raised = new WeakSet<AbortSignal>();
  const run = (job: HopJob, abort?: AbortSignal): Promise<HopJobResult> => {
    if (abort && !raised.has(abort)) {
      setMaxListeners(0, abort);
      raised.add(abort);
    }
    return piscina.run(job, { signal: abort });
  };
  return {
    concurrency: workers,
    setUp: (workerSetup) => setup.send(workerSetup),
    backend: async () => {
      // Each worker starts the backend the setup requests by the same rules (backend-init.ts), so
      // one worker's answer stands for the pool's; a worker that dies before answering is a
      // broken installation, reported in one line like a backend that cannot start.
      let report: BackendReport;
      try {
        report = (await piscina.run(BACKEND_TASK)) as BackendReport;
      } catch (error) {
        throw new BackendError(`the pool's workers did not start: ${(error as Error).message}`, { cause: error });
      }
      if ('info' in report) return report.info;
      const { name, message } = report.failed;
      if (name === 'ConfigError') throw new ConfigError(message);
      throw new BackendError(name === 'BackendError' ? message : `the workers' TF.js backend did not start: ${message}`);
    },
    train: (job, abort) => run(job, abort) as Promise<TrainJobResult>,
    signal: (job, abort) => run(job, abort) as Promise<SignalJobResult>,
    close: async () => {
      try {
        // Never terminate a thread still loading its worker module (pool-setup.ts's `loaded`).
        await setup.loaded(workers, LOAD_WAIT_MS);
        await piscina.destroy();
      } finally {
        setup.close();
      }
    },
  };
}

/** Starts `workers` threads that train hops on `data`; close it with `close()`. */
export function createPoolTrainer(options: PoolTrainerOptions): HopTrainer {
  const pool = startPool(options);
  pool.setUp({ data: options.data, backend: options.backend });
  return pool;
}

/**
 * The local hop trainer: a Piscina pool of worker threads, each holding the dataset once (shared
 * memory) and training one hop at a time.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ConfigError, type PreparedData } from '../core/index.js';
import type { HopJob, HopJobResult, HopTrainer, SignalJobResult, TrainJobResult } from '../hop/index.js';
import { maxWorkers } from './worker-limit.js';

/** What every worker receives once, at start-up. */
export interface HopWorkerData {
  /** Prepared splits whose typed arrays live in SharedArrayBuffers: shared, not copied. */
  data: PreparedData;
  backend?: string;
}

export interface PoolTrainerOptions {
  /** Prepared data whose typed arrays are SharedArrayBuffer-backed (see data's `toSharedMemory`). */
  data: PreparedData;
  /** Worker threads; default: the number of cores. */
  workers?: number;
  /** Backend the workers request (`--backend`); default: the backend module's own order. */
  backend?: string;
  /** Worker module to run instead of the default one (tests wrap it to inject failures or gates). */
  workerFile?: string | URL;
}

/** One worker per core, within what this machine's memory allows. */
export function defaultWorkerCount(): number {
  return Math.min(availableParallelism(), maxWorkers());
}

/** Starts `workers` threads that train hops; close it with `close()`. */
export function createPoolTrainer(options: PoolTrainerOptions): HopTrainer {
  // The caller checked the count against this machine's limit before the run was created
  // (checkWorkerCount); free memory has changed since, so only its form is checked here.
  const workers = options.workers ?? defaultWorkerCount();
  if (!Number.isInteger(workers) || workers < 1) {
    throw new ConfigError(`--workers must be a positive integer, got ${String(options.workers)}`);
  }
  const workerFile = options.workerFile ?? new URL('./hop-worker.js', import.meta.url);
  const workerData: HopWorkerData = { data: options.data, backend: options.backend };
  const piscina = new Piscina({
    filename: workerFile instanceof URL ? fileURLToPath(workerFile) : workerFile,
    workerData,
    minThreads: workers,
    maxThreads: workers,
    // One hop per worker at a time: hops are CPU-bound, queueing inside a worker only adds latency.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });
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
    train: (job, abort) => run(job, abort) as Promise<TrainJobResult>,
    signal: (job, abort) => run(job, abort) as Promise<SignalJobResult>,
    close: () => piscina.destroy(),
  };
}

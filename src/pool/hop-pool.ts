import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { ConfigError, type PreparedData } from '../core/index.js';
import type { HopWorkerData, SignalJob, SignalJobResult, TrainJob, TrainJobResult } from './hop-job.js';

export interface HopPoolOptions {
  /** Prepared data whose typed arrays are SharedArrayBuffer-backed (see data's `toSharedMemory`). */
  data: PreparedData;
  /** Worker threads; default: the number of cores. */
  workers?: number;
  /** Backend the workers request (`--backend`); default: the backend module's own order. */
  backend?: string;
  /** Worker module to run instead of the default one (tests wrap it to inject failures). */
  workerFile?: string | URL;
}

/** A pool of hop-training worker threads, each holding the dataset once. */
export interface HopPool {
  readonly workers: number;
  train(job: TrainJob, signal?: AbortSignal): Promise<TrainJobResult>;
  signal(job: SignalJob, signal?: AbortSignal): Promise<SignalJobResult>;
  /** Stops every worker; tasks in flight reject. */
  destroy(): Promise<void>;
}

export function defaultWorkerCount(): number {
  return availableParallelism();
}

export function createHopPool(options: HopPoolOptions): HopPool {
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
  const run = (job: TrainJob | SignalJob, signal?: AbortSignal) => {
    if (signal && !raised.has(signal)) {
      setMaxListeners(0, signal);
      raised.add(signal);
    }
    return piscina.run(job, { signal });
  };
  return {
    workers,
    train: (job, signal) => run(job, signal) as Promise<TrainJobResult>,
    signal: (job, signal) => run(job, signal) as Promise<SignalJobResult>,
    destroy: () => piscina.destroy(),
  };
}

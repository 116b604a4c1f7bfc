/**
 * Worker-thread entry: a thin adapter over `runHop`. Its modules, TF.js and the native kernels load
 * as the thread starts; the dataset (shared memory) and the backend arrive once, from the pool
 * (pool-setup.ts), and it runs one job per task. Workers never touch the database.
 */
import { threadId, workerData } from 'node:worker_threads';
import { initBackend, type BackendInfo } from '../backend/index.js';
import { runHop, type HopJob, type HopJobResult } from '../hop/index.js';
import { announceLoaded, receiveSetup, type HopWorkerSetup } from './pool-setup.js';
import type { BACKEND_TASK, BackendReport, HopWorkerData } from './pool-trainer.js';

/** The data and backend this worker trains with, once the pool has sent them. */
export const setupReceived: Promise<HopWorkerSetup> = receiveSetup((workerData as HopWorkerData).setupChannel);

/** This worker's TF.js backend, initialised once the pool has named it. */
export const backendReady: Promise<BackendInfo> = setupReceived.then(({ backend }) => initBackend(backend, { quiet: true }));
// A backend that fails to start fails every job, which reports it; until then nobody awaits it.
backendReady.catch(() => undefined);

/** A hop, or the pool asking which backend this worker started (pool-trainer.ts's BACKEND_TASK). */
export default async function hopWorker(job: HopJob): Promise<HopJobResult>;
export default async function hopWorker(job: typeof BACKEND_TASK): Promise<BackendReport>;
export default async function hopWorker(job: HopJob | typeof BACKEND_TASK): Promise<HopJobResult | BackendReport> {
  if (job.kind === 'backend') return backendReport();
  const [{ data }] = await Promise.all([setupReceived, backendReady]);
  return runHop(data, job, { workerId: String(threadId) });
}

/**
 * The backend, or why it could not start, as a value: an error thrown across threads arrives as
 * a plain Error, and the pool needs its class (ConfigError, BackendError) for the CLI's one line.
 */
async function backendReport(): Promise<BackendReport> {
  try {
    return { info: await backendReady };
  } catch (error) {
    return { failed: { name: (error as Error).name, message: (error as Error).message } };
  }
}

// Once the require(esm) that loads this module has returned (a microtask runs after it, before
// Piscina makes the thread wait for tasks), the pool may terminate this thread without aborting
// the process (pool-setup.ts's `loaded`); during it, it may not.
queueMicrotask(() => announceLoaded((workerData as HopWorkerData).setupChannel));

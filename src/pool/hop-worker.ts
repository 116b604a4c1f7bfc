/**
 * Worker-thread entry: a thin adapter over `runHop`. It holds the dataset (shared memory, received
 * once) and the TF.js backend, and runs one job per task. Workers never touch the database.
 */
import { threadId, workerData } from 'node:worker_threads';
import { initBackend } from '../backend/index.js';
import { runHop, type HopJob, type HopJobResult } from '../hop/index.js';
import type { HopWorkerData } from './pool-trainer.js';

const { data, backend } = workerData as HopWorkerData;
const backendReady = initBackend(backend, { quiet: true });

export default async function hopWorker(job: HopJob): Promise<HopJobResult> {
  await backendReady;
  return runHop(data, job, { workerId: String(threadId) });
}

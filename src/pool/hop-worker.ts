/**
 * Worker-thread entry: a thin adapter over `runHop`. Its modules and the native kernels load as the
 * thread starts, and TF.js too when the run has models that need it (HopWorkerData's
 * `loadBackend`); the dataset (shared memory) and the backend's name arrive once, from the pool
 * (pool-setup.ts), and it runs one job per task. Without `loadBackend` the backend starts only
 * for a job that builds a TF.js model (jobBuildsTfjsModel) or when a dense network's training or
 * signal falls back to TF.js (backend-state.ts's loadTfjs): a run of trees, boosting and linear
 * models, or of mlps the fused step trains, never loads TF.js. Workers never touch the database.
 */
import { createRequire } from 'node:module';
import { threadId, workerData } from 'node:worker_threads';
import type { BackendInfo } from '../backend/backend-choices.js';
import { planBackend } from '../backend/backend-state.js';
import { jobBuildsTfjsModel, jobRunsOnBackend, runHop, type HopJob, type HopJobResult } from '../hop/index.js';
import { announceLoaded, receiveSetup, type HopWorkerSetup } from './pool-setup.js';
import type { BACKEND_TASK, BackendReport, HopWorkerData } from './pool-trainer.js';

type BackendModule = typeof import('../backend/index.js');

const { loadBackend, setupChannel } = workerData as HopWorkerData;

/** The data and backend this worker trains with, once the pool has sent them. */
export const setupReceived: Promise<HopWorkerSetup> = receiveSetup(setupChannel).then((setup) => {
  // Not loaded yet: the fused step needs the backend's name, and a fallback to TF.js starts it first.
  if (!loadBackend) planBackend(setup.backend ?? null, backendReady);
  return setup;
});

// Loaded synchronously: Piscina parks an idle thread in Atomics.wait, which stops its event loop,
// so an import() begun here would only go on once the first job arrived. Node before 20.19 cannot
// require an ES module: there it is imported, and loads when the first job arrives. A load that
// fails fails the jobs that need the backend, and the pool's backend question, with its reason.
// (Without `loadBackend` it loads during the first job that needs it: in a tree search none does,
// in an all-fused mlp search a compression hop or a signal without room for its probe cache.)
const require = createRequire(import.meta.url);
let backendModule: Promise<BackendModule> | undefined;
function loadBackendModule(): Promise<BackendModule> {
  if (backendModule === undefined) {
    try {
      backendModule = Promise.resolve(require('../backend/index.js') as BackendModule);
    } catch (error) {
      backendModule = (error as { code?: string }).code === 'ERR_REQUIRE_ESM' ? import('../backend/index.js') : Promise.reject(error);
    }
  }
  return backendModule;
}

let backendStarted: Promise<BackendInfo> | undefined;

/** This worker's TF.js backend, started on the first call once the pool has named it. */
export function backendReady(): Promise<BackendInfo> {
  if (backendStarted === undefined) {
    const loaded = loadBackendModule();
    backendStarted = setupReceived.then(async ({ backend }) => (await loaded).initBackend(backend, { quiet: true }));
    // A backend that fails to start fails every job that needs it, which reports it.
    backendStarted.catch(() => undefined);
  }
  return backendStarted;
}

// A run with models that need TF.js (networks the fused step cannot train, the user's model):
// TF.js loads now, while the main thread loads the data, and the backend starts as soon as the
// setup is read.
if (loadBackend) void backendReady();

/** A hop, or the pool asking which backend this worker started (pool-trainer.ts's BACKEND_TASK). */
export default async function hopWorker(job: HopJob): Promise<HopJobResult>;
export default async function hopWorker(job: typeof BACKEND_TASK): Promise<BackendReport>;
export default async function hopWorker(job: HopJob | typeof BACKEND_TASK): Promise<HopJobResult | BackendReport> {
  if (job.kind === 'backend') return backendReport();
  const needsBackend = loadBackend ? jobRunsOnBackend(job) : jobBuildsTfjsModel(job);
  const [{ data }] = await Promise.all([setupReceived, needsBackend ? backendReady() : undefined]);
  return runHop(data, job, { workerId: String(threadId) });
}

/**
 * The backend, or why it could not start, as a value: an error thrown across threads arrives as
 * a plain Error, and the pool needs its class (ConfigError, BackendError) for the CLI's one line.
 */
async function backendReport(): Promise<BackendReport> {
  try {
    return { info: await backendReady() };
  } catch (error) {
    return { failed: { name: (error as Error).name, message: (error as Error).message } };
  }
}

// Once the require(esm) that loads this module has returned (a microtask runs after it, before
// Piscina makes the thread wait for tasks), the pool may terminate this thread without aborting
// the process (pool-setup.ts's `loaded`); during it, it may not.
queueMicrotask(() => announceLoaded(setupChannel));

/**
 * The pool's hop worker with timestamps, for bench:search's time breakdown (issue 15 item 4): it
 * runs the default worker unchanged and posts, on a BroadcastChannel, when this thread started and
 * was ready (its backend started, or for a run without networks its setup read; and how long of
 * that it waited for the pool to send the data), and when each job began and ended in the thread
 * (with the training time trainNode measured itself), each post with the thread's CPU time so far. Times are absolute milliseconds (timeOrigin + now), comparable
 * across threads. Only bench:search passes it as the run's `workerFile`.
 */
import { BroadcastChannel, threadId, workerData } from 'node:worker_threads';
import hopWorker, { backendReady, setupReceived } from '../../src/pool/hop-worker.js';
import type { HopJob, HopJobResult } from '../../src/hop/index.js';
import type { BACKEND_TASK, BackendReport, HopWorkerData } from '../../src/pool/pool-trainer.js';
import { threadCpu, TIMING_CHANNEL, type WorkerTiming } from './search-timing.js';

const channel = new BroadcastChannel(TIMING_CHANNEL);
// A worker thread's timeOrigin is the moment the thread started.
const threadStarted = performance.timeOrigin;
const now = () => performance.timeOrigin + performance.now();
// Every post carries this thread's CPU time so far: the last one is its total.
const post = (timing: WorkerTiming) => channel.postMessage({ ...timing, cpu: threadCpu() });

// Everything imported above, the default worker's modules, the kernels and TF.js when the run has networks, has loaded.
const loaded = now();
// A pool starts its threads before the run's data is loaded: the wait for it is not start-up.
let setupAt = loaded;
void setupReceived.then(() => (setupAt = now()));
// Ready: the backend started (a run with networks), or the setup read (a run without: hop-worker.ts
// never loads TF.js for it). A backend that fails to start fails the worker's first job; no 'ready' is posted.
void ((workerData as HopWorkerData).loadBackend ? backendReady() : setupReceived).then(
  () => post({ kind: 'ready', thread: threadId, started: threadStarted, ended: now(), waitingMs: Math.max(0, setupAt - loaded) }),
  () => undefined,
);

export default async function timedHopWorker(job: HopJob | typeof BACKEND_TASK): Promise<HopJobResult | BackendReport> {
  // The pool asking which backend this worker started is no hop.
  if (job.kind === 'backend') return hopWorker(job);
  const started = now();
  const result = await hopWorker(job);
  const ended = now();
  if (result.kind === 'train') post({ kind: 'train', thread: threadId, started, ended, trainMs: result.result.wallMs });
  else post({ kind: 'signal', thread: threadId, started, ended });
  return result;
}

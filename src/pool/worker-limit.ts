import { availableParallelism, freemem } from 'node:os';
import { ConfigError } from '../core/index.js';

/**
 * How many hop-training workers a machine can hold. Each worker is a thread with its own V8 heap,
 * its own TF.js backend and its own copy of the wasm module, so a count far above the cores only
 * adds memory: `--workers 1000` ran the process out of heap and died with native stack traces.
 *
 * Measured (Node 20, x86-64, wasm backend, iris data in shared memory, `createHopPool` with the
 * real hop worker, RSS after the workers settled): one idle worker costs about 54 MiB alone and
 * 38–41 MiB each with 4 to 16 of them. A worker training a small MLP or CNN needs more for its
 * tensors and optimiser state, so the budget below is about three times the idle cost.
 */

/** Memory budgeted for one worker: about 40 MiB idle (measured), plus room for training. */
export const WORKER_MEMORY_BYTES = 128 * 1024 * 1024;

/** Workers per core: hops are CPU-bound, so more than a few per core only queue inside the OS. */
export const WORKERS_PER_CORE = 4;

/** Hard cap whatever the machine: beyond this, thread start-up and memory dominate any gain. */
export const MAX_WORKERS_CAP = 64;

/** The bound on workers, and which resource sets it. */
export interface WorkerLimit {
  max: number;
  /** Why it is `max`: cores, free memory, or the fixed cap. */
  reason: string;
}

/** The most workers this machine can run now: bounded by cores, by free memory, and by a fixed cap. */
export function workerLimit(cores = availableParallelism(), freeBytes = freemem()): WorkerLimit {
  const byCores = WORKERS_PER_CORE * cores;
  const byMemory = Math.max(1, Math.floor(freeBytes / WORKER_MEMORY_BYTES));
  const freeMiB = Math.round(freeBytes / 2 ** 20);
  const budgetMiB = WORKER_MEMORY_BYTES / 2 ** 20;
  if (byMemory < byCores && byMemory < MAX_WORKERS_CAP) {
    return { max: byMemory, reason: `${freeMiB} MiB of free memory at about ${budgetMiB} MiB per worker (each holds its own TF.js backend)` };
  }
  if (byCores <= MAX_WORKERS_CAP) {
    return { max: byCores, reason: `${WORKERS_PER_CORE} per core on ${cores} core${cores === 1 ? '' : 's'}; hops are CPU-bound` };
  }
  return { max: MAX_WORKERS_CAP, reason: `the fixed cap of ${MAX_WORKERS_CAP}` };
}

/** The most workers this machine can run now (see {@link workerLimit}). */
export function maxWorkers(): number {
  return workerLimit().max;
}

/**
 * Checks a worker count before anything starts: a positive integer no larger than
 * {@link maxWorkers}. Returns it unchanged.
 *
 * @throws ConfigError naming `flag`, the limit and why
 */
export function checkWorkerCount(value: number, flag = '--workers'): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${flag} must be a positive integer, got ${String(value)}`);
  }
  const limit = workerLimit();
  if (value > limit.max) {
    throw new ConfigError(`${flag} must be at most ${limit.max} on this machine (${limit.reason}), got ${value}`);
  }
  return value;
}

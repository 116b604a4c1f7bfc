/**
 * The rules every store implementation shares, so that SQLite and memory refuse the same things
 * with the same words: run ids, weight shapes, the one-line errors, and lease liveness.
 */
import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import { StoreError } from '../core/index.js';
import type { TeacherSignal } from '../core/index.js';
import type { LeaseState, NewRun, NodeStart, RunLease } from './store-types.js';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The id a new run gets: the given one (checked) or `r` + 6 base36 characters not yet used. */
export function resolveRunId(path: string, given: string | undefined, exists: (id: string) => boolean): string {
  return resolveId('run', 'r', path, given, exists);
}

/** The id a new sweep gets: the given one (checked) or `s` + 6 base36 characters not yet used. */
export function resolveSweepId(path: string, given: string | undefined, exists: (id: string) => boolean): string {
  return resolveId('sweep', 's', path, given, exists);
}

function resolveId(kind: string, prefix: string, path: string, given: string | undefined, exists: (id: string) => boolean): string {
  const id = given ?? newId(kind, prefix, path, exists);
  if (!RUN_ID.test(id)) {
    throw new StoreError(`${kind} id '${id}' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit`);
  }
  if (exists(id)) throw new StoreError(`${path} already has a ${kind} '${id}': choose another id`);
  return id;
}

function newId(kind: string, prefix: string, path: string, exists: (id: string) => boolean): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const id = `${prefix}${randomInt(36 ** 6).toString(36).padStart(6, '0')}`;
    if (!exists(id)) return id;
  }
  throw new StoreError(`${path}: could not find a free ${kind} id`);
}

/** The run id of a sweep's combination at `position` (0-based). */
export function sweepRunId(sweepId: string, position: number): string {
  return `${sweepId}-${position + 1}`;
}

/** How many float32 values weights of these shapes hold. */
export function weightCount(shapes: number[][]): number {
  return shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}

/** Refuses weights whose values do not fill their shapes exactly. */
export function checkWeights(runId: string, key: string, weights: { shapes: number[][]; values: Float32Array }): void {
  const expected = weightCount(weights.shapes);
  if (expected !== weights.values.length) {
    throw new StoreError(
      `node '${key}' of run ${runId}: weight shapes hold ${expected} values but ${weights.values.length} were given`,
    );
  }
}

/** The probes' true-label confidences one probe after the other; refuses probes of uneven length. */
export function packConfidences(runId: string, key: string, signal: TeacherSignal): { count: number; confidences: Float32Array } {
  const count = signal.probes[0]?.trainTrueConfidence.length ?? 0;
  const uneven = signal.probes.find((probe) => probe.trainTrueConfidence.length !== count);
  if (uneven !== undefined) {
    throw new StoreError(
      `teacher signal of node '${key}' of run ${runId}: probe '${uneven.layer}' has ${uneven.trainTrueConfidence.length} confidences, the first probe ${count}`,
    );
  }
  const confidences = new Float32Array(count * signal.probes.length);
  signal.probes.forEach((probe, index) => confidences.set(probe.trainTrueConfidence, index * count));
  return { count, confidences };
}

export function timestamp(): string {
  return new Date().toISOString();
}

export const storeErrors = {
  closed: (path: string) => new StoreError(`${path} is closed`),
  noRun: (path: string, id: string) => new StoreError(`${path} has no run '${id}'; \`multihop runs\` lists them`),
  alreadyDone: (runId: string, key: string) =>
    new StoreError(`node '${key}' of run ${runId} is already done; finished nodes are never retrained`),
  notRunning: (path: string, runId: string, key: string, status: string | undefined) => {
    const state = status === undefined ? 'was never marked running' : `is ${status}, not running`;
    return new StoreError(`${path}: node '${key}' of run ${runId} ${state}`);
  },
  notDone: (path: string, runId: string, key: string) =>
    new StoreError(`${path}: node '${key}' of run ${runId} is not done; only a trained result can be flagged`),
  noWeights: (path: string, runId: string, key: string) =>
    new StoreError(`${path}: node '${key}' of run ${runId} has no weights (is it done?)`),
  readonly: (path: string, what: string) => new StoreError(`${path} is open read-only: cannot ${what}`),
  noSweep: (path: string, id: string) => new StoreError(`${path} has no sweep '${id}'; \`multihop sweeps\` lists them`),
  sweepNameTaken: (path: string, name: string) =>
    new StoreError(`${path} already has a sweep named '${name}'; give the sweep another name`),
  noSweepRun: (path: string, id: string, position: number) => new StoreError(`${path}: sweep '${id}' has no combination ${position}`),
};

/** Whether process `pid` exists on this host (EPERM: it exists but belongs to someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lease whose heartbeat is older than this is abandoned (its owner beats every 10 s). */
export const LEASE_STALE_MS = 60_000;

/**
 * Whether a run's lease is held by a live process: on this host the owner's pid is probed; on
 * another host the owner is taken as gone once its heartbeat is older than LEASE_STALE_MS.
 */
export function leaseState(
  lease: RunLease | null,
  here: { host: string; alive: (pid: number) => boolean; now?: number } = { host: hostname(), alive: processAlive },
): LeaseState {
  if (lease === null) return 'none';
  if (lease.host === here.host) return here.alive(lease.pid) ? 'live' : 'owner-gone';
  return (here.now ?? Date.now()) - Date.parse(lease.heartbeatAt) > LEASE_STALE_MS ? 'owner-gone' : 'live';
}

/**
 * The column rules of `runs` and `nodes` that SQLite enforces with CHECK constraints and STRICT
 * INTEGER columns (db/migrations/001-initial.sql), for stores that have no SQLite underneath.
 * @throws Error with SQLite's wording; the store's write wrapper makes it a StoreError
 */
export const columnRules = {
  run(run: NewRun): void {
    if (!(Number.isInteger(run.workers) && run.workers >= 1)) throw new Error('CHECK constraint failed: workers >= 1');
  },
  node(hop: NodeStart): void {
    for (const [column, value] of Object.entries({ params: hop.complexity.params, flops: hop.complexity.flops, bytes: hop.complexity.bytes })) {
      if (!Number.isInteger(value)) throw new Error(`cannot store ${typeof value === 'number' ? 'REAL' : 'TEXT'} value in INTEGER column nodes.${column}`);
      if (value < 0) throw new Error(`CHECK constraint failed: ${column} >= 0`);
    }
    if (!Number.isInteger(hop.seed)) throw new Error('cannot store REAL value in INTEGER column nodes.seed');
  },
};

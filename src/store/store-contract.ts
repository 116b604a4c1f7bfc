/**
 * What every results store offers, one interface per aggregate (runs, nodes, transfer signals,
 * chains, events, leases, sweeps) and {@link ResultsStore} combining them. The SQLite store
 * (sqlite-store.ts) and the in-memory store (memory-store.ts) implement it with the same
 * semantics; test/store-contract.test.ts runs one suite over both.
 */
import type { ModelWeights, NodeOutcome, StudentScratchSignal, TeacherSignal } from '../core/index.js';
import type {
  ChainRecord,
  EventLevel,
  LeaseOwner,
  NewRun,
  NodeDone,
  NodeRecord,
  NodeStart,
  QueryOptions,
  QueryResult,
  RunEvent,
  RunLease,
  RunRecord,
  RunStatus,
  NewSweep,
  SweepRecord,
  SweepRunRecord,
} from './store-types.js';

/** Search runs: their settings and status. */
export interface RunStore {
  /** Inserts a run with status 'running'; returns it as stored (with its id). */
  createRun(run: NewRun): RunRecord;
  getRun(id: string): RunRecord | null;
  /** All runs, newest first. */
  listRuns(): RunRecord[];
  /** Sets a run's status (and its error, cleared when not given). */
  setRunStatus(id: string, status: RunStatus, error?: string): void;
  /**
   * Records that a run stopped, in ONE small write (it must land even when the disk is nearly
   * full): the status and error, its running nodes back to pending, and, when `releaseLeaseOf`
   * holds the run's lease, the lease released.
   * @returns how many running nodes went back to pending.
   */
  stopRun(id: string, stop: { status: 'interrupted' | 'failed'; error?: string; releaseLeaseOf?: LeaseOwner }): number;
}

/** The nodes (trained hops) of a run: lifecycle, results and weights. */
export interface NodeStore {
  /**
   * Records that a node's training starts: inserts it, or moves a pending/failed/interrupted one
   * back to running. A done node is never retrained.
   * @returns the attempt number, 1 for the first.
   */
  markNodeRunning(runId: string, hop: NodeStart): number;
  /** Writes a running node's result and the signals produced with it, all or nothing. */
  recordNodeDone(runId: string, key: string, result: NodeDone): void;
  /**
   * Marks a running node failed with one line saying why, and counts the failure.
   * @returns how many times the node has failed so far (interrupted starts are not failures).
   */
  recordNodeFailed(runId: string, key: string, error: string): number;
  /** Flags a done node's result as suspect with one line (replacing any earlier warning). */
  setNodeWarning(runId: string, key: string, warning: string): void;
  /**
   * After a crash: nodes still marked running were interrupted; move them back to pending.
   * @returns how many nodes were moved.
   */
  resetInterrupted(runId: string): number;
  /**
   * Failed nodes that still have tries left go back to pending, so a resumed run tries them again.
   * @returns how many nodes were moved.
   */
  requeueRetryable(runId: string, maxAttempts: number): number;
  /**
   * What the search controller may see: status, validation accuracy, complexity and attempts,
   * ordered by key. Test metrics are deliberately unreachable from here.
   */
  nodeOutcomes(runId: string): NodeOutcome[];
  /** The full node, parsed (weights and signals excepted), or null. */
  getNode(runId: string, key: string): NodeRecord | null;
  /** Every node of a run in the order they were first started. */
  listNodes(runId: string): NodeRecord[];
  /** A done node's weights; a StoreError when the node has none. */
  getWeights(runId: string, key: string): ModelWeights;
}

/** Transfer signals cached per node. */
export interface TeacherSignalStore {
  /** Stores (or replaces) a node's teacher signal on its own, outside `recordNodeDone`. */
  recordTeacherSignal(runId: string, key: string, signal: TeacherSignal): void;
  /** The node's cached teacher signal, or null when none was computed. */
  getTeacherSignal(runId: string, key: string): TeacherSignal | null;
  /** The scratch student's reference signal stored with scratch node `key`, or null. */
  getStudentScratch(runId: string, key: string): StudentScratchSignal | null;
}

/** The chains a run reports. */
export interface ChainStore {
  /** Replaces the chains a run reports, in the given order; a refused call keeps the old ones. */
  setChains(runId: string, chains: ChainRecord[]): void;
  /** The run's chains in the order they were set. */
  getChains(runId: string): ChainRecord[];
}

/** A run's event log. */
export interface EventStore {
  /** Appends a timestamped line to the run's event log. */
  addEvent(runId: string, level: EventLevel, message: string, data?: unknown): void;
  /** The run's events, oldest first. */
  listEvents(runId: string): RunEvent[];
}

/** Which process drives a run. */
export interface LeaseStore {
  /** The process that holds a run's lease, or null. */
  getLease(runId: string): RunLease | null;
  /**
   * Takes a run's lease for `owner` when it is free, already the owner's, held by `replacing`
   * (a dead owner the caller saw), or its heartbeat is older than `staleBefore` (ISO time);
   * atomic, so two processes cannot both win.
   * @returns whether `owner` holds the lease now.
   */
  claimLease(runId: string, owner: LeaseOwner, staleBefore: string, replacing?: LeaseOwner): boolean;
  /** Refreshes the owner's heartbeat; false when the lease is no longer the owner's. */
  heartbeat(runId: string, owner: LeaseOwner): boolean;
  /** Gives a run's lease up (only when `owner` holds it). */
  releaseLease(runId: string, owner: LeaseOwner): void;
}

/** Sweeps: named grids of searches, each combination tagged with the run that carries it out. */
export interface SweepStore {
  /**
   * Inserts a sweep and its combinations in one write; combination `i` gets run id
   * `<sweep id>-<i + 1>`. A name another sweep has is refused.
   */
  createSweep(sweep: NewSweep): SweepRecord;
  getSweep(id: string): SweepRecord | null;
  /** The sweep with this name, or null. */
  findSweep(name: string): SweepRecord | null;
  /** All sweeps, newest first. */
  listSweeps(): SweepRecord[];
  /** A sweep's combinations in run order; a StoreError for an unknown sweep. */
  sweepRuns(sweepId: string): SweepRunRecord[];
  /** Records the one-line error of a combination's last attempt, or clears it with null. */
  setSweepRunError(sweepId: string, position: number, error: string | null): void;
}

/** What a store is besides its aggregates: where it lives, ad-hoc reads and its lifetime. */
export interface StoreHandle {
  /** The file this store reads and writes (':memory:' for the in-memory store). */
  readonly path: string;
  /** True when every write fails with a StoreError. */
  readonly readonly: boolean;
  /**
   * Runs one read-only statement (`multihop query`) and returns its columns and rows (BLOBs as
   * Buffers). A statement that could modify the database is refused before it runs; one that
   * runs longer than `options.timeoutMs` (default 30 s) is stopped.
   */
  query(sql: string, params?: unknown[] | Record<string, unknown>, options?: QueryOptions): QueryResult;
  /** Closes the store; later calls fail. Closing twice is harmless. */
  close(): void;
}

/** One results database: every aggregate plus its handle. Open one with `openStore` or `openMemoryStore`. */
export interface ResultsStore extends RunStore, NodeStore, TeacherSignalStore, ChainStore, EventStore, LeaseStore, SweepStore, StoreHandle {}

/** The aggregates one implementation provides, composed into a {@link ResultsStore} by {@link composeStore}. */
export interface StoreParts {
  runs: RunStore;
  nodes: NodeStore;
  signals: TeacherSignalStore;
  chains: ChainStore;
  events: EventStore;
  leases: LeaseStore;
  sweeps: SweepStore;
}

// Records (not arrays) so that the compiler refuses a list that misses a method of its interface.
const METHODS: { [P in keyof StoreParts]: Record<keyof StoreParts[P], true> } = {
  runs: { createRun: true, getRun: true, listRuns: true, setRunStatus: true, stopRun: true },
  nodes: {
    markNodeRunning: true,
    recordNodeDone: true,
    recordNodeFailed: true,
    setNodeWarning: true,
    resetInterrupted: true,
    requeueRetryable: true,
    nodeOutcomes: true,
    getNode: true,
    listNodes: true,
    getWeights: true,
  },
  signals: { recordTeacherSignal: true, getTeacherSignal: true, getStudentScratch: true },
  chains: { setChains: true, getChains: true },
  events: { addEvent: true, listEvents: true },
  leases: { getLease: true, claimLease: true, heartbeat: true, releaseLease: true },
  sweeps: { createSweep: true, getSweep: true, findSweep: true, listSweeps: true, sweepRuns: true, setSweepRunError: true },
};

/** One object exposing every aggregate's methods (bound to their aggregate) and the handle's. */
export function composeStore(parts: StoreParts, handle: StoreHandle): ResultsStore {
  const store: Record<string, unknown> = {
    path: handle.path,
    readonly: handle.readonly,
    query: handle.query.bind(handle),
    close: handle.close.bind(handle),
  };
  for (const [part, methods] of Object.entries(METHODS) as Array<[keyof StoreParts, Record<string, true>]>) {
    const aggregate = parts[part] as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of Object.keys(methods)) store[method] = aggregate[method].bind(aggregate);
  }
  return Object.freeze(store) as unknown as ResultsStore;
}

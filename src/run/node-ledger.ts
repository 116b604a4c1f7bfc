/**
 * The few store operations a run's hops need, bound to one run. The hop lifecycle and the teacher
 * sources talk to this, not to the whole results store, so the runner can be driven by any store
 * (SQLite, in memory) and a remote trainer never needs one.
 */
import type { ModelWeights, NodeOutcome, StudentScratchSignal, TeacherSignal } from '../core/index.js';
import type { EventLevel, NodeDone, NodeRecord, NodeStart, ResultsStore } from '../store/index.js';

export interface NodeLedger {
  readonly runId: string;
  /** What the controller may see of every node (no weights, no test metrics). */
  outcomes(): NodeOutcome[];
  /** Inserts the node, or moves it back to running; returns the attempt number (1 for the first). */
  markRunning(node: NodeStart): number;
  /** Writes a running node's result and the signals produced with it, in one transaction. */
  recordDone(key: string, result: NodeDone): void;
  /** Marks a running node failed; returns how many times it has failed (interrupted starts excluded). */
  recordFailed(key: string, error: string): number;
  node(key: string): NodeRecord | null;
  weights(key: string): ModelWeights;
  teacherSignal(key: string): TeacherSignal | null;
  recordTeacherSignal(key: string, signal: TeacherSignal): void;
  studentScratch(key: string): StudentScratchSignal | null;
  /** Appends a line to the run's event log. */
  log(level: EventLevel, message: string, data?: unknown): void;
}

/**
 * The ledger of run `runId` in `store`.
 *
 * The controller's view (`outcomes`) is read from the store once and then kept up to date by this
 * ledger's own writes: a run has one driver at a time (it holds the run's lease), so nothing else
 * writes its nodes meanwhile. The search plans again after every hop, and reading and validating
 * every node row at each plan cost its main thread more than the planning (quadratic in the
 * nodes). It keeps what `nodeOutcomes` would return.
 */
export function storeLedger(store: ResultsStore, runId: string): NodeLedger {
  let known: Map<string, NodeOutcome> | null = null;
  const keep = (key: string, change: (before: NodeOutcome | undefined) => NodeOutcome | undefined): void => {
    if (known === null) return;
    const after = change(known.get(key));
    // A node this ledger has not seen (never the case while it is the only writer): read again.
    if (after === undefined) known = null;
    else known.set(key, after);
  };
  return {
    runId,
    outcomes: () => {
      known ??= new Map(store.nodeOutcomes(runId).map((o) => [o.key, o]));
      return [...known.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    markRunning: (node) => {
      const attempts = store.markNodeRunning(runId, node);
      keep(node.key, (before) => ({
        key: node.key,
        status: 'running',
        validationAccuracy: before?.validationAccuracy ?? null,
        // What the stores keep of it: a tree's leaves and depth are not outcome columns.
        complexity: { params: node.complexity.params, flops: node.complexity.flops, bytes: node.complexity.bytes },
        attempts,
      }));
      return attempts;
    },
    recordDone: (key, result) => {
      store.recordNodeDone(runId, key, result);
      keep(key, (before) => before && { ...before, status: 'done', validationAccuracy: result.validation.accuracy });
    },
    recordFailed: (key, error) => {
      const failures = store.recordNodeFailed(runId, key, error);
      keep(key, (before) => before && { ...before, status: 'failed' });
      return failures;
    },
    node: (key) => store.getNode(runId, key),
    weights: (key) => store.getWeights(runId, key),
    teacherSignal: (key) => store.getTeacherSignal(runId, key),
    recordTeacherSignal: (key, signal) => store.recordTeacherSignal(runId, key, signal),
    studentScratch: (key) => store.getStudentScratch(runId, key),
    log: (level, message, data) => store.addEvent(runId, level, message, data),
  };
}

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

/** The ledger of run `runId` in `store`. */
export function storeLedger(store: ResultsStore, runId: string): NodeLedger {
  return {
    runId,
    outcomes: () => store.nodeOutcomes(runId),
    markRunning: (node) => store.markNodeRunning(runId, node),
    recordDone: (key, result) => store.recordNodeDone(runId, key, result),
    recordFailed: (key, error) => store.recordNodeFailed(runId, key, error),
    node: (key) => store.getNode(runId, key),
    weights: (key) => store.getWeights(runId, key),
    teacherSignal: (key) => store.getTeacherSignal(runId, key),
    recordTeacherSignal: (key, signal) => store.recordTeacherSignal(runId, key, signal),
    studentScratch: (key) => store.getStudentScratch(runId, key),
    log: (level, message, data) => store.addEvent(runId, level, message, data),
  };
}

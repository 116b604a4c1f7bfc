/**
 * What the in-memory store holds, and its rules for reads and writes: every record goes in and
 * comes out as a deep copy (typed arrays included), so no caller can change the store by
 * mutating an object, and a write validates everything before it changes anything (all or
 * nothing, as a transaction would).
 */
import { StoreError } from '../core/index.js';
import type { ModelWeights, StudentScratchSignal, TeacherSignal } from '../core/index.js';
import { storeErrors } from './store-rules.js';
import type { ChainRecord, NodeRecord, RunEvent, RunLease, RunRecord, SweepRecord, SweepRunRecord } from './store-types.js';

/** A node with its weights, which `NodeRecord` leaves out. */
export interface MemoryNode extends NodeRecord {
  weights: ModelWeights | null;
}

export const MEMORY_PATH = ':memory:';

export class MemoryState {
  readonly path = MEMORY_PATH;
  readonly runs = new Map<string, RunRecord>();
  /** Per run, nodes by key in the order they were first started. */
  readonly nodes = new Map<string, Map<string, MemoryNode>>();
  readonly teacherSignals = new Map<string, TeacherSignal>();
  readonly studentScratch = new Map<string, StudentScratchSignal>();
  readonly chains = new Map<string, ChainRecord[]>();
  readonly events: RunEvent[] = [];
  readonly leases = new Map<string, RunLease>();
  readonly sweeps = new Map<string, SweepRecord>();
  /** Per sweep, its combinations in position order. */
  readonly sweepRuns = new Map<string, SweepRunRecord[]>();
  private closed = false;

  /** Runs a read; a StoreError once the store is closed. */
  read<T>(body: () => T): T {
    if (this.closed) throw storeErrors.closed(this.path);
    return copy(body());
  }

  /** Runs a write; other errors become one-line StoreErrors saying what was attempted. */
  write<T>(what: string, body: () => T): T {
    if (this.closed) throw storeErrors.closed(this.path);
    try {
      return copy(body());
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(`${this.path}: cannot ${what}: ${(error as Error).message}`, { cause: error });
    }
  }

  requireRun(id: string): RunRecord {
    const run = this.runs.get(id);
    if (run === undefined) throw storeErrors.noRun(this.path, id);
    return run;
  }

  nodesOf(runId: string): Map<string, MemoryNode> {
    let nodes = this.nodes.get(runId);
    if (nodes === undefined) {
      nodes = new Map();
      this.nodes.set(runId, nodes);
    }
    return nodes;
  }

  close(): void {
    this.closed = true;
  }
}

/** A deep copy: Float32Arrays, nested objects and NaN survive; nothing is shared. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** The map key of a node's signal. */
export function signalKey(runId: string, key: string): string {
  return `${runId}\u0000${key}`;
}

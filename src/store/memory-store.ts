/**
 * The in-memory results store: the same semantics as the SQLite store (run ids, node lifecycle,
 * leases, order of chains and events, errors), nothing on disk. For tests and for callers that
 * need a store without a file; ad-hoc SQL needs the SQLite store.
 */
import { StoreError } from '../core/index.js';
import { MemoryNodes, MemorySignals } from './memory-nodes.js';
import { MemoryState } from './memory-state.js';
import { MemorySweeps } from './memory-sweeps.js';
import { composeStore } from './store-contract.js';
import type { ChainStore, EventStore, LeaseStore, ResultsStore, RunStore } from './store-contract.js';
import { columnRules, resolveRunId, timestamp } from './store-rules.js';
import type { ChainRecord, EventLevel, LeaseOwner, NewRun, RunEvent, RunLease, RunRecord, RunStatus } from './store-types.js';

const CHAIN_KINDS: ReadonlySet<string> = new Set(['scratch', 'one-hop', 'multihop']);

/** Opens an empty store that lives in this process's memory; `path` is ':memory:'. */
export function openMemoryStore(): ResultsStore {
  const state = new MemoryState();
  return composeStore(
    {
      runs: new MemoryRuns(state),
      nodes: new MemoryNodes(state),
      signals: new MemorySignals(state),
      chains: new MemoryChains(state),
      events: new MemoryEvents(state),
      leases: new MemoryLeases(state),
      sweeps: new MemorySweeps(state),
    },
    {
      path: state.path,
      readonly: false,
      query: () =>
        state.read(() => {
          throw new StoreError(`${state.path}: ad-hoc SQL queries need the SQLite store; open a results file with openStore`);
        }),
      close: () => state.close(),
    },
  );
}

class MemoryRuns implements RunStore {
  constructor(private readonly state: MemoryState) {}

  createRun(run: NewRun): RunRecord {
    const state = this.state;
    return state.write('create a run', () => {
      columnRules.run(run);
      const id = resolveRunId(state.path, run.id, (candidate) => state.runs.has(candidate));
      const now = timestamp();
      const { id: _given, ...settings } = structuredClone(run);
      const stored: RunRecord = { ...settings, id, status: 'running', createdAt: now, updatedAt: now, error: null };
      state.runs.set(id, stored);
      return stored;
    });
  }

  getRun(id: string): RunRecord | null {
    return this.state.read(() => this.state.runs.get(id) ?? null);
  }

  listRuns(): RunRecord[] {
    // Newest first, then by id: the SQLite store's ORDER BY created_at DESC, id.
    return this.state.read(() =>
      [...this.state.runs.values()].sort((a, b) => compare(b.createdAt, a.createdAt) || compare(a.id, b.id)),
    );
  }

  setRunStatus(id: string, status: RunStatus, error?: string): void {
    this.state.write(`set the status of run ${id}`, () => {
      Object.assign(this.state.requireRun(id), { status, error: error ?? null, updatedAt: timestamp() });
    });
  }

  stopRun(id: string, stop: { status: 'interrupted' | 'failed'; error?: string; releaseLeaseOf?: LeaseOwner }): number {
    const state = this.state;
    return state.write(`record that run ${id} stopped (${stop.status})`, () => {
      const run = state.requireRun(id);
      let requeued = 0;
      for (const node of state.nodesOf(id).values()) {
        if (node.status !== 'running') continue;
        Object.assign(node, { status: 'pending', workerId: null });
        requeued += 1;
      }
      Object.assign(run, { status: stop.status, error: stop.error ?? null, updatedAt: timestamp() });
      const held = state.leases.get(id);
      if (stop.releaseLeaseOf && held !== undefined && sameOwner(held, stop.releaseLeaseOf)) state.leases.delete(id);
      return requeued;
    });
  }
}

class MemoryChains implements ChainStore {
  constructor(private readonly state: MemoryState) {}

  setChains(runId: string, chains: ChainRecord[]): void {
    this.state.write(`set the chains of run ${runId}`, () => {
      this.state.requireRun(runId);
      for (const chain of chains) {
        if (!CHAIN_KINDS.has(chain.kind)) throw new Error(`CHECK constraint failed: kind '${chain.kind}'`);
        if (chain.nodeKeys.length === 0) throw new Error('CHECK constraint failed: node_keys is empty');
      }
      this.state.chains.set(
        runId,
        chains.map((chain) => structuredClone({ ...chain, details: chain.details ?? {} })),
      );
    });
  }

  getChains(runId: string): ChainRecord[] {
    return this.state.read(() => this.state.chains.get(runId) ?? []);
  }
}

class MemoryEvents implements EventStore {
  constructor(private readonly state: MemoryState) {}

  addEvent(runId: string, level: EventLevel, message: string, data?: unknown): void {
    const state = this.state;
    state.write(`log an event for run ${runId}`, () => {
      if (!state.runs.has(runId)) throw new Error('FOREIGN KEY constraint failed');
      const id = state.events.length + 1;
      // Stored as the SQLite store stores it: JSON, so what comes back is what JSON keeps.
      const stored = data === undefined ? null : (JSON.parse(JSON.stringify(data)) as unknown);
      state.events.push({ id, runId, at: timestamp(), level, message, data: stored });
    });
  }

  listEvents(runId: string): RunEvent[] {
    return this.state.read(() => this.state.events.filter((event) => event.runId === runId));
  }
}

class MemoryLeases implements LeaseStore {
  constructor(private readonly state: MemoryState) {}

  getLease(runId: string): RunLease | null {
    return this.state.read(() => this.state.leases.get(runId) ?? null);
  }

  claimLease(runId: string, owner: LeaseOwner, staleBefore: string, replacing?: LeaseOwner): boolean {
    const state = this.state;
    return state.write(`claim run ${runId}`, () => {
      if (!state.runs.has(runId)) throw new Error('FOREIGN KEY constraint failed');
      const held = state.leases.get(runId);
      const takeOver = held === undefined || held.heartbeatAt < staleBefore || sameOwner(held, owner) || (replacing !== undefined && sameOwner(held, replacing));
      if (!takeOver) return false;
      state.leases.set(runId, { pid: owner.pid, host: owner.host, heartbeatAt: timestamp() });
      return true;
    });
  }

  heartbeat(runId: string, owner: LeaseOwner): boolean {
    return this.state.write(`refresh the lease of run ${runId}`, () => {
      const held = this.state.leases.get(runId);
      if (held === undefined || !sameOwner(held, owner)) return false;
      held.heartbeatAt = timestamp();
      return true;
    });
  }

  releaseLease(runId: string, owner: LeaseOwner): void {
    this.state.write(`release run ${runId}`, () => {
      const held = this.state.leases.get(runId);
      if (held !== undefined && sameOwner(held, owner)) this.state.leases.delete(runId);
    });
  }
}

function sameOwner(a: LeaseOwner, b: LeaseOwner): boolean {
  return a.pid === b.pid && a.host === b.host;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sweeps in memory, with the SQLite store's semantics (names unique, run ids fixed at creation). */
import type { SweepStore } from './store-contract.js';
import type { MemoryState } from './memory-state.js';
import { resolveSweepId, storeErrors, sweepRunId, timestamp } from './store-rules.js';
import type { NewSweep, SweepRecord, SweepRunRecord } from './store-types.js';

export class MemorySweeps implements SweepStore {
  constructor(private readonly state: MemoryState) {}

  createSweep(sweep: NewSweep): SweepRecord {
    const state = this.state;
    return state.write(`create sweep '${sweep.name}'`, () => {
      const id = resolveSweepId(state.path, sweep.id, (candidate) => state.sweeps.has(candidate));
      if ([...state.sweeps.values()].some((s) => s.name === sweep.name)) throw storeErrors.sweepNameTaken(state.path, sweep.name);
      const now = timestamp();
      // Stored as SQLite stores it: JSON, so what comes back is what JSON keeps.
      const stored: SweepRecord = { id, name: sweep.name, spec: jsonCopy(sweep.spec), specSha256: sweep.specSha256, createdAt: now };
      state.sweeps.set(id, stored);
      state.sweepRuns.set(
        id,
        sweep.combinations.map((values, position) => ({ sweepId: id, position, values: jsonCopy(values), runId: sweepRunId(id, position), error: null, updatedAt: now })),
      );
      return stored;
    });
  }

  getSweep(id: string): SweepRecord | null {
    return this.state.read(() => this.state.sweeps.get(id) ?? null);
  }

  findSweep(name: string): SweepRecord | null {
    return this.state.read(() => [...this.state.sweeps.values()].find((s) => s.name === name) ?? null);
  }

  listSweeps(): SweepRecord[] {
    return this.state.read(() =>
      [...this.state.sweeps.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1)),
    );
  }

  sweepRuns(sweepId: string): SweepRunRecord[] {
    return this.state.read(() => this.requireRuns(sweepId));
  }

  setSweepRunError(sweepId: string, position: number, error: string | null): void {
    this.state.write(`record the outcome of combination ${position} of sweep ${sweepId}`, () => {
      const run = this.requireRuns(sweepId)[position];
      if (run === undefined) throw storeErrors.noSweepRun(this.state.path, sweepId, position);
      Object.assign(run, { error, updatedAt: timestamp() });
    });
  }

  private requireRuns(sweepId: string): SweepRunRecord[] {
    const runs = this.state.sweepRuns.get(sweepId);
    if (runs === undefined) throw storeErrors.noSweep(this.state.path, sweepId);
    return runs;
  }
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Sweeps in SQLite: the `sweeps` and `sweep_runs` tables. */
import type { SweepStore } from './store-contract.js';
import { parseRow, sweepRow, sweepRunRow } from './store-rows.js';
import { resolveSweepId, storeErrors, sweepRunId, timestamp } from './store-rules.js';
import type { NewSweep, SweepRecord, SweepRunRecord } from './store-types.js';
import type { SqliteContext } from './sqlite-context.js';

export class SqliteSweeps implements SweepStore {
  constructor(private readonly context: SqliteContext) {}

  createSweep(sweep: NewSweep): SweepRecord {
    const context = this.context;
    return context.write(`create sweep '${sweep.name}'`, () => {
      const exists = (id: string) => context.statement('SELECT 1 FROM sweeps WHERE id = ?').get(id) !== undefined;
      const id = resolveSweepId(context.path, sweep.id, exists);
      if (this.findSweep(sweep.name) !== null) throw storeErrors.sweepNameTaken(context.path, sweep.name);
      const now = timestamp();
      context
        .statement('INSERT INTO sweeps (id, name, spec, spec_sha256, created_at) VALUES (@id, @name, @spec, @sha, @now)')
        .run({ id, name: sweep.name, spec: JSON.stringify(sweep.spec), sha: sweep.specSha256, now });
      const insert = context.statement(
        `INSERT INTO sweep_runs (sweep_id, position, flag_values, run_id, error, updated_at)
         VALUES (@id, @position, @values, @runId, NULL, @now)`,
      );
      sweep.combinations.forEach((values, position) =>
        insert.run({ id, position, values: JSON.stringify(values), runId: sweepRunId(id, position), now }),
      );
      const stored = this.getSweep(id);
      if (stored === null) throw storeErrors.noSweep(context.path, id);
      return stored;
    });
  }

  getSweep(id: string): SweepRecord | null {
    const row = this.context.statement('SELECT * FROM sweeps WHERE id = ?').get(id);
    return row === undefined ? null : this.parse(row);
  }

  findSweep(name: string): SweepRecord | null {
    const row = this.context.statement('SELECT * FROM sweeps WHERE name = ?').get(name);
    return row === undefined ? null : this.parse(row);
  }

  listSweeps(): SweepRecord[] {
    return this.context
      .statement('SELECT * FROM sweeps ORDER BY created_at DESC, id')
      .all()
      .map((row) => this.parse(row));
  }

  sweepRuns(sweepId: string): SweepRunRecord[] {
    if (this.getSweep(sweepId) === null) throw storeErrors.noSweep(this.context.path, sweepId);
    return this.context
      .statement('SELECT * FROM sweep_runs WHERE sweep_id = ? ORDER BY position')
      .all(sweepId)
      .map((row) => parseRow(sweepRunRow, row, `${this.context.path}: sweep_runs row (sweep ${sweepId}, position ${String((row as { position?: unknown }).position)})`));
  }

  setSweepRunError(sweepId: string, position: number, error: string | null): void {
    const context = this.context;
    context.write(`record the outcome of combination ${position} of sweep ${sweepId}`, () => {
      const { changes } = context
        .statement('UPDATE sweep_runs SET error = @error, updated_at = @now WHERE sweep_id = @sweepId AND position = @position')
        .run({ error, now: timestamp(), sweepId, position });
      if (changes === 0) throw storeErrors.noSweepRun(context.path, sweepId, position);
    });
  }

  private parse(row: unknown): SweepRecord {
    const id = (row as { id?: unknown }).id;
    return parseRow(sweepRow, row, `${this.context.path}: sweeps row (sweep ${String(id)})`);
  }
}

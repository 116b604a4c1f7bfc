/** Runs in SQLite: the `runs` table. */
import type { RunStore } from './store-contract.js';
import { parseRow, runRow } from './store-rows.js';
import { resolveRunId, storeErrors, timestamp } from './store-rules.js';
import type { LeaseOwner, NewRun, RunRecord, RunStatus } from './store-types.js';
import type { SqliteContext } from './sqlite-context.js';
import { REQUEUE_RUNNING_NODES } from './sqlite-nodes.js';

export class SqliteRuns implements RunStore {
  constructor(private readonly context: SqliteContext) {}

  createRun(run: NewRun): RunRecord {
    const context = this.context;
    return context.write('create a run', () => {
      const id = resolveRunId(context.path, run.id, (candidate) => context.runExists(candidate));
      const now = timestamp();
      context
        .statement(
          `INSERT INTO runs (id, created_at, updated_at, status, command, config, dataset_name, dataset_hash,
             split, backend, strategy, methods, seeds, workers, error)
           VALUES (@id, @now, @now, 'running', @command, @config, @datasetName, @datasetHash,
             @split, @backend, @strategy, @methods, @seeds, @workers, NULL)`,
        )
        .run({
          id,
          now,
          command: JSON.stringify(run.command),
          config: JSON.stringify(run.config),
          datasetName: run.dataset.name,
          datasetHash: run.dataset.hash,
          split: JSON.stringify(run.split),
          backend: run.backend,
          strategy: run.strategy,
          methods: JSON.stringify(run.methods),
          seeds: JSON.stringify(run.seeds),
          workers: run.workers,
        });
      const stored = this.getRun(id);
      if (stored === null) throw storeErrors.noRun(context.path, id);
      return stored;
    });
  }

  getRun(id: string): RunRecord | null {
    const row = this.context.statement('SELECT * FROM runs WHERE id = ?').get(id);
    return row === undefined ? null : this.parse(row);
  }

  listRuns(): RunRecord[] {
    return this.context
      .statement('SELECT * FROM runs ORDER BY created_at DESC, id')
      .all()
      .map((row) => this.parse(row));
  }

  setRunStatus(id: string, status: RunStatus, error?: string): void {
    this.context.write(`set the status of run ${id}`, () => {
      const { changes } = this.context
        .statement('UPDATE runs SET status = @status, error = @error, updated_at = @now WHERE id = @id')
        .run({ status, error: error ?? null, now: timestamp(), id });
      if (changes === 0) throw storeErrors.noRun(this.context.path, id);
    });
  }

  stopRun(id: string, stop: { status: 'interrupted' | 'failed'; error?: string; releaseLeaseOf?: LeaseOwner }): number {
    const context = this.context;
    return context.write(`record that run ${id} stopped (${stop.status})`, () => {
      const { changes } = context
        .statement('UPDATE runs SET status = @status, error = @error, updated_at = @now WHERE id = @id')
        .run({ status: stop.status, error: stop.error ?? null, now: timestamp(), id });
      if (changes === 0) throw storeErrors.noRun(context.path, id);
      const requeued = context
        .statement(REQUEUE_RUNNING_NODES)
        .run(id).changes;
      if (stop.releaseLeaseOf) {
        context
          .statement('DELETE FROM run_leases WHERE run_id = @id AND pid = @pid AND host = @host')
          .run({ id, pid: stop.releaseLeaseOf.pid, host: stop.releaseLeaseOf.host });
      }
      return requeued;
    });
  }

  private parse(row: unknown): RunRecord {
    const id = (row as { id?: unknown }).id;
    return parseRow(runRow, row, `${this.context.path}: runs row (run ${String(id)})`);
  }
}

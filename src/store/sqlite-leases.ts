/** Leases in SQLite: the `run_leases` table, one row per driven run. */
import type { LeaseStore } from './store-contract.js';
import { leaseRow, parseRow } from './store-rows.js';
import { timestamp } from './store-rules.js';
import type { LeaseOwner, RunLease } from './store-types.js';
import type { SqliteContext } from './sqlite-context.js';

export class SqliteLeases implements LeaseStore {
  constructor(private readonly context: SqliteContext) {}

  getLease(runId: string): RunLease | null {
    const row = this.context.statement('SELECT pid, host, heartbeat_at FROM run_leases WHERE run_id = ?').get(runId);
    return row === undefined ? null : parseRow(leaseRow, row, `${this.context.path}: run_leases row (run ${runId})`);
  }

  claimLease(runId: string, owner: LeaseOwner, staleBefore: string, replacing?: LeaseOwner): boolean {
    return this.context.write(`claim run ${runId}`, () => {
      // One statement: the WHERE of the upsert decides, so two processes cannot both win.
      const { changes } = this.context
        .statement(
          `INSERT INTO run_leases (run_id, pid, host, heartbeat_at) VALUES (@runId, @pid, @host, @now)
           ON CONFLICT (run_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, heartbeat_at = excluded.heartbeat_at
           WHERE run_leases.heartbeat_at < @staleBefore
             OR (run_leases.pid = excluded.pid AND run_leases.host = excluded.host)
             OR (run_leases.pid = @deadPid AND run_leases.host = @deadHost)`,
        )
        .run({ runId, pid: owner.pid, host: owner.host, now: timestamp(), staleBefore, deadPid: replacing?.pid ?? null, deadHost: replacing?.host ?? null });
      return changes > 0;
    });
  }

  heartbeat(runId: string, owner: LeaseOwner): boolean {
    return this.context.write(`refresh the lease of run ${runId}`, () => {
      const { changes } = this.context
        .statement('UPDATE run_leases SET heartbeat_at = @now WHERE run_id = @runId AND pid = @pid AND host = @host')
        .run({ now: timestamp(), runId, pid: owner.pid, host: owner.host });
      return changes > 0;
    });
  }

  releaseLease(runId: string, owner: LeaseOwner): void {
    this.context.write(`release run ${runId}`, () => {
      this.context
        .statement('DELETE FROM run_leases WHERE run_id = @runId AND pid = @pid AND host = @host')
        .run({ runId, pid: owner.pid, host: owner.host });
    });
  }
}

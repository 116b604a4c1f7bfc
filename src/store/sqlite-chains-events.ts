/** Chains and run events in SQLite: the `chains` and `run_events` tables. */
import type { ChainStore, EventStore } from './store-contract.js';
import { chainRow, eventRow, parseRow } from './store-rows.js';
import { storeErrors, timestamp } from './store-rules.js';
import type { ChainRecord, EventLevel, RunEvent } from './store-types.js';
import type { SqliteContext } from './sqlite-context.js';

export class SqliteChains implements ChainStore {
  constructor(private readonly context: SqliteContext) {}

  setChains(runId: string, chains: ChainRecord[]): void {
    const context = this.context;
    context.write(`set the chains of run ${runId}`, () => {
      if (!context.runExists(runId)) throw storeErrors.noRun(context.path, runId);
      context.statement('DELETE FROM chains WHERE run_id = ?').run(runId);
      const insert = context.statement(
        `INSERT INTO chains (run_id, position, kind, method, node_keys, validation_accuracy, test_accuracy, details)
         VALUES (@runId, @position, @kind, @method, @nodeKeys, @validationAccuracy, @testAccuracy, @details)`,
      );
      chains.forEach((chain, position) =>
        insert.run({
          runId,
          position,
          kind: chain.kind,
          method: chain.method,
          nodeKeys: JSON.stringify(chain.nodeKeys),
          validationAccuracy: chain.validationAccuracy,
          testAccuracy: chain.testAccuracy,
          details: JSON.stringify(chain.details ?? {}),
        }),
      );
    });
  }

  getChains(runId: string): ChainRecord[] {
    return this.context
      .statement('SELECT * FROM chains WHERE run_id = ? ORDER BY position')
      .all(runId)
      .map((row) => {
        const position = (row as { position?: unknown }).position;
        return parseRow(chainRow, row, `${this.context.path}: chains row (run ${runId}, position ${String(position)})`);
      });
  }
}

export class SqliteEvents implements EventStore {
  constructor(private readonly context: SqliteContext) {}

  addEvent(runId: string, level: EventLevel, message: string, data?: unknown): void {
    this.context.write(`log an event for run ${runId}`, () => {
      this.context
        .statement('INSERT INTO run_events (run_id, at, level, message, data) VALUES (@runId, @at, @level, @message, @data)')
        .run({ runId, at: timestamp(), level, message, data: data === undefined ? null : JSON.stringify(data) });
    });
  }

  listEvents(runId: string): RunEvent[] {
    return this.context
      .statement('SELECT * FROM run_events WHERE run_id = ? ORDER BY id')
      .all(runId)
      .map((row) => {
        const id = (row as { id?: unknown }).id;
        return parseRow(eventRow, row, `${this.context.path}: run_events row ${String(id)} (run ${runId})`);
      });
  }
}

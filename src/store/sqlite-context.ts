/**
 * What every SQLite aggregate shares: the connection, its statement cache, and `write`, which runs
 * a write as one IMMEDIATE transaction and turns driver errors into one-line StoreErrors.
 */
import { StoreError } from '../core/index.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import { storeErrors } from './store-rules.js';

/** How long a writer waits for another connection's write lock before failing. */
export const BUSY_TIMEOUT_MS = 5000;

export class SqliteContext {
  private readonly statements = new Map<string, SqliteStatement>();
  private closed = false;

  constructor(
    readonly db: SqliteDatabase,
    readonly path: string,
    readonly readonly: boolean,
    /** True when the file was read through an in-memory copy (read-only storage). */
    readonly snapshot: boolean = false,
  ) {}

  /** A cached prepared statement; a StoreError once the store is closed. */
  statement(sql: string): SqliteStatement {
    if (this.closed) throw storeErrors.closed(this.path);
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `body` in one IMMEDIATE transaction (rolled back if it throws). IMMEDIATE takes the
   * write lock before the first read, so waiting for another writer goes through busy_timeout;
   * a DEFERRED transaction that reads then writes would get SQLITE_BUSY at once on the upgrade.
   * @param what says what was attempted, for the error ("mark node 'k' of run r running").
   */
  write<T>(what: string, body: () => T): T {
    if (this.closed) throw storeErrors.closed(this.path);
    if (this.readonly) throw storeErrors.readonly(this.path, what);
    const started = Date.now();
    try {
      return this.db.transaction(body).immediate();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw this.writeError(what, error, Date.now() - started);
    }
  }

  private writeError(what: string, error: unknown, waitedMs: number): StoreError {
    const code = sqliteCode(error);
    if (code?.startsWith('SQLITE_READONLY')) return storeErrors.readonly(this.path, what);
    if (code?.startsWith('SQLITE_BUSY')) {
      const why =
        waitedMs >= BUSY_TIMEOUT_MS
          ? `another connection held the write lock for the ${BUSY_TIMEOUT_MS} ms this store waits`
          : `SQLite reported the database locked (${code}) after ${waitedMs} ms of the ${BUSY_TIMEOUT_MS} ms this store waits`;
      return new StoreError(`${this.path}: cannot ${what}: ${why}; is another multihop writing to it?`, { cause: error });
    }
    return new StoreError(`${this.path}: cannot ${what}: ${(error as Error).message}`, { cause: error });
  }

  runExists(id: string): boolean {
    return this.statement('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  }

  nodeStatus(runId: string, key: string): string | undefined {
    const row = this.statement('SELECT status FROM nodes WHERE run_id = ? AND key = ?').get(runId, key) as
      | { status: string }
      | undefined;
    return row?.status;
  }

  /** "results.db: nodes row (run r1, key k)", for errors about a node's row. */
  nodeWhere(runId: string, key: unknown): string {
    return `${this.path}: nodes row (run ${runId}, key ${String(key)})`;
  }

  /** Closes the connection; later calls fail. Closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

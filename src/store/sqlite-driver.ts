/**
 * The only file that imports better-sqlite3. The rest of the store speaks to the small subset of
 * the driver declared here (as kysely does), so the driver could be swapped or faked.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

/** A prepared statement: the part of better-sqlite3's `Statement` the store uses. */
export interface SqliteStatement {
  /** True when the statement returns rows (SELECT, some PRAGMAs, RETURNING). */
  readonly reader: boolean;
  /** True when the statement cannot modify the database (sqlite3_stmt_readonly). */
  readonly readonly: boolean;
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Rows as arrays instead of objects (keeps duplicate column names apart). */
  raw(toggle?: boolean): SqliteStatement;
  columns(): Array<{ name: string }>;
}

/**
 * A function wrapped in a transaction. Called plainly it runs DEFERRED (takes the write lock at
 * its first write, failing at once with BUSY if another connection holds it); `immediate` takes
 * the write lock at BEGIN, where SQLite's busy timeout applies.
 */
export interface SqliteTransaction<A extends unknown[], R> {
  (...args: A): R;
  immediate(...args: A): R;
}

/** A connection: the part of better-sqlite3's `Database` the store uses. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  /** Wraps `fn` so that each call runs in one transaction, rolled back if `fn` throws. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqliteTransaction<A, R>;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}

export interface OpenSqliteOptions {
  readonly?: boolean;
  /** Refuse to create the file when it does not exist (always true when readonly). */
  fileMustExist?: boolean;
}

/** Opens a connection; errors are better-sqlite3's own (the caller names the file). */
export function openSqliteDatabase(path: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const readonly = options.readonly ?? false;
  return new Database(path, { readonly, fileMustExist: readonly || (options.fileMustExist ?? false) });
}

/**
 * Opens a read-only, in-memory copy of the file: for storage where SQLite cannot create the
 * -wal/-shm files a WAL database needs even to be read (better-sqlite3 does not accept
 * `file:…?immutable=1` URIs). The copy's header is switched from WAL to rollback mode (bytes
 * 18-19 of the SQLite file format), which only says how to journal: the pages are the same.
 */
export function openSqliteSnapshot(path: string): SqliteDatabase {
  const bytes = readFileSync(path);
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  return new Database(bytes, { readonly: true });
}

/** Every row of `statement` as arrays (duplicate column names kept apart), with its column names. */
export function readRows(
  statement: SqliteStatement,
  params: unknown[] | Record<string, unknown>,
): { columns: string[]; rows: unknown[][] } {
  const raw = statement.raw(true);
  const rows = (Array.isArray(params) ? raw.all(...params) : raw.all(params)) as unknown[][];
  return { columns: statement.columns().map((column) => column.name), rows };
}

/**
 * The only file that imports better-sqlite3. The rest of the store speaks to the small subset of
 * the driver declared here (as kysely does), so the driver could be swapped or faked.
 */
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

/** A connection: the part of better-sqlite3's `Database` the store uses. */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  /** Wraps `fn` so that each call runs in one transaction, rolled back if `fn` throws. */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
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

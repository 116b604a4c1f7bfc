/**
 * The SQLite results store: one file per project holding runs, trained nodes (metrics, weights),
 * the transfer signals cached per node, the chains a run reports, run events and leases. One
 * writer at a time (every write is an IMMEDIATE transaction), any number of readers (WAL).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../core/index.js';
import { SqliteChains, SqliteEvents } from './sqlite-chains-events.js';
import { BUSY_TIMEOUT_MS, SqliteContext, sqliteCode } from './sqlite-context.js';
import { openSqliteDatabase, openSqliteSnapshot } from './sqlite-driver.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import { SqliteLeases } from './sqlite-leases.js';
import { SqliteNodes } from './sqlite-nodes.js';
import { runQuery } from './sqlite-query.js';
import { SqliteRuns } from './sqlite-runs.js';
import { SqliteSignals } from './sqlite-signals.js';
import { SqliteSweeps } from './sqlite-sweeps.js';
import { composeStore } from './store-contract.js';
import type { ResultsStore } from './store-contract.js';
import { loadMigrations, migrate, schemaVersion } from './store-migrations.js';

export interface OpenStoreOptions {
  /** Open without write access; every write fails with a StoreError. The file must exist. */
  readonly?: boolean;
}

/**
 * Opens (creating and migrating when writable) the results store at `path`.
 * Refuses a file that is not SQLite, and a schema newer than this code knows.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): ResultsStore {
  const readonly = options.readonly ?? false;
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StoreError(`${path} is a directory: give the path of a results file, e.g. ${join(path, 'multihop.db')}`);
  }
  if (readonly && !existsSync(path)) {
    throw new StoreError(`${path} does not exist: give the path of a multihop results store`);
  }
  const migrations = loadMigrations();
  let db: SqliteDatabase;
  try {
    db = openSqliteDatabase(path, { readonly });
  } catch (error) {
    throw new StoreError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  let snapshot = false;
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    let version: number;
    try {
      version = schemaVersion(db);
    } catch (error) {
      if (!readonly || !cannotShareMemory(error)) throw error;
      // A WAL database on read-only storage: SQLite cannot create the -shm file it needs even
      // to read (CANTOPEN, or READONLY_CANTINIT when the folder is readable but not writable).
      // Read an in-memory copy instead, as `sqlite3 -readonly` (immutable) would.
      db.close();
      db = openSnapshot(path);
      snapshot = true;
      version = schemaVersion(db);
    }
    if (version > migrations.length) {
      throw new StoreError(
        `${path} has schema version ${version}, this multihop knows up to ${migrations.length}: upgrade multihop`,
      );
    }
    if (readonly) {
      if (version < migrations.length) {
        throw new StoreError(
          `${path} has schema version ${version}, older than this multihop's ${migrations.length}: open it once for writing (e.g. multihop resume) to upgrade it`,
        );
      }
    } else {
      // Switching a fresh file to WAL takes an exclusive lock and does not wait on the busy
      // handler: while another process creates the same file, retry instead of failing.
      retryWhileBusy(() => db.pragma('journal_mode = WAL'));
      // In WAL mode NORMAL cannot corrupt the file; it may only lose the last commits on power loss.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations);
    }
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (sqliteCode(error) === 'SQLITE_NOTADB') {
      throw new StoreError(`${path} is not an SQLite database: give the path of a multihop results store`, {
        cause: error,
      });
    }
    throw new StoreError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  return sqliteStore(new SqliteContext(db, path, readonly, snapshot));
}

/** Runs `work`, retrying for up to BUSY_TIMEOUT_MS while SQLite answers SQLITE_BUSY. */
function retryWhileBusy<T>(work: () => T): T {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      return work();
    } catch (error) {
      if (!sqliteCode(error)?.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * The in-memory copy for read-only storage. Refused when the -wal file holds commits: the copy
 * would silently miss them, and only a writable folder lets SQLite fold them into the file.
 */
function openSnapshot(path: string): SqliteDatabase {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new StoreError(
      `cannot open ${path} read-only: its folder is not writable and ${wal} holds commits not yet in the file; copy both files to a writable folder and open the copy`,
    );
  }
  return openSqliteSnapshot(path);
}

function cannotShareMemory(error: unknown): boolean {
  const code = sqliteCode(error) ?? '';
  return code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY');
}

function sqliteStore(context: SqliteContext): ResultsStore {
  return composeStore(
    {
      runs: new SqliteRuns(context),
      nodes: new SqliteNodes(context),
      signals: new SqliteSignals(context),
      chains: new SqliteChains(context),
      events: new SqliteEvents(context),
      leases: new SqliteLeases(context),
      sweeps: new SqliteSweeps(context),
    },
    {
      path: context.path,
      readonly: context.readonly,
      query: (sql, params = [], options) => runQuery(context, sql, params, options),
      close: () => context.close(),
    },
  );
}

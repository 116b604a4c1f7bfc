/**
 * `query`: one read-only statement with a time limit. better-sqlite3 exposes neither SQLite's
 * progress handler nor sqlite3_interrupt, and a worker thread stuck in sqlite3_step cannot be
 * terminated (V8 only stops at JavaScript, and process exit then waits for the thread forever).
 * So the statement is checked here, then run by a child process on its own read-only connection,
 * killed when the limit passes.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { StoreError } from '../core/index.js';
import type { SqliteContext } from './sqlite-context.js';
import { readRows } from './sqlite-driver.js';
import type { SqliteStatement } from './sqlite-driver.js';
import { storeErrors } from './store-rules.js';
import type { QueryOptions, QueryResult } from './store-types.js';

/** How long `query` lets a statement run unless told otherwise. */
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/** What the child process is given (v8-serialised on its stdin). */
export interface QueryJob {
  /** Epoch ms after which the child kills itself, even if its parent was killed first. */
  deadline: number;
  /** This process: the child stops as soon as it is no longer its parent. */
  parentPid: number;
  path: string;
  /** Read the file through an in-memory copy (read-only storage), as the store does. */
  snapshot: boolean;
  /** PRAGMAs of the store's connection that change what a statement returns. */
  pragmas: string[];
  sql: string;
  params: unknown[] | Record<string, unknown>;
}

/** What the child process answers (v8-serialised on its stdout). */
export type QueryAnswer = { result: QueryResult } | { error: string };

const CHILD = fileURLToPath(new URL('./sqlite-query-child.js', import.meta.url));

/** Runs `sql` as `multihop query` does; see StoreHandle.query. */
export function runQuery(
  context: SqliteContext,
  sql: string,
  params: unknown[] | Record<string, unknown>,
  options: QueryOptions = {},
): QueryResult {
  const statement = checkedStatement(context, sql);
  // An in-memory database cannot be reached from another process; it runs here, without a limit.
  if (context.path === ':memory:' || context.path === '') return readAll(statement, params);
  // spawnSync reads a timeout of 0 as "none": never let a tiny limit round down to that.
  const timeoutMs = Math.max(1, Math.ceil(options.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS));
  const job: QueryJob = {
    // The parent kills the child at timeoutMs; the child's own deadline is a backstop for a
    // parent killed first, a little later so the parent's own timeout is what it reports.
    deadline: Date.now() + timeoutMs + 2000,
    parentPid: process.pid,
    path: context.path,
    snapshot: context.snapshot,
    pragmas: ['busy_timeout', 'foreign_keys'].map((name) => `${name} = ${Number(context.db.pragma(name, { simple: true }))}`),
    sql,
    params,
  };
  const child = spawnSync(process.execPath, [CHILD], {
    input: serialize(job),
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 2 ** 31 - 1,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.signal === 'SIGKILL' && (child.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT') {
    throw new StoreError(`query stopped after ${formatSeconds(timeoutMs)}; narrow it or raise --timeout`);
  }
  if (child.status !== 0 || child.error !== undefined) {
    const why = child.error?.message ?? (child.stderr.toString().trim().split('\n').pop() || `exit ${child.status ?? child.signal}`);
    throw new StoreError(`query: the reading process failed: ${why}`);
  }
  const answer = deserialize(child.stdout) as QueryAnswer;
  if ('error' in answer) throw new StoreError(`query: ${answer.error}`);
  return answer.result;
}

/** Refuses, before anything runs, a statement that could write or returns no rows. */
function checkedStatement(context: SqliteContext, sql: string): SqliteStatement {
  if (context.isClosed) throw storeErrors.closed(context.path);
  let statement: SqliteStatement;
  try {
    // Not the statement cache: raw mode must not leak into a store method running the same SQL.
    statement = context.db.prepare(sql);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError(`query: ${(error as Error).message}`, { cause: error });
  }
  if (!statement.readonly) throw new StoreError('the query must not modify the database');
  if (!statement.reader) {
    throw new StoreError('the query must be one statement that returns rows (SELECT, WITH …, PRAGMA name)');
  }
  return statement;
}

function readAll(statement: SqliteStatement, params: unknown[] | Record<string, unknown>): QueryResult {
  try {
    return readRows(statement, params);
  } catch (error) {
    throw new StoreError(`query: ${(error as Error).message}`, { cause: error });
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

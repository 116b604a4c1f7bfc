/**
 * The process `query` runs a statement in (see sqlite-query.ts): reads a QueryJob from stdin,
 * answers a QueryAnswer on stdout. Killed by its parent when the time limit passes, and by its
 * own watchdog thread at the same deadline or as soon as the parent is gone (a `multihop query`
 * killed by a signal must not leave a statement running forever).
 */
import { readFileSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { openSqliteDatabase, openSqliteSnapshot, readRows } from './sqlite-driver.js';
import type { QueryAnswer, QueryJob } from './sqlite-query.js';

function answer(job: QueryJob): QueryAnswer {
  try {
    const db = job.snapshot ? openSqliteSnapshot(job.path) : openSqliteDatabase(job.path, { readonly: true });
    for (const pragma of job.pragmas) db.pragma(pragma);
    return { result: readRows(db.prepare(job.sql), job.params) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/**
 * A thread that kills this process at the deadline or when it is orphaned: the main thread is
 * blocked inside SQLite and cannot run timers.
 */
function watchdog(deadline: number, parentPid: number): void {
  const source = `
    const { workerData } = require('node:worker_threads');
    const nap = new Int32Array(new SharedArrayBuffer(4));
    while (Date.now() < workerData.deadline && process.ppid === workerData.parentPid) Atomics.wait(nap, 0, 0, 50);
    process.kill(process.pid, 'SIGKILL');
  `;
  new Worker(source, { eval: true, workerData: { deadline, parentPid } }).unref();
}

const job = deserialize(readFileSync(0)) as QueryJob;
watchdog(job.deadline, job.parentPid);
const bytes = serialize(answer(job));
for (let written = 0; written < bytes.length; ) written += writeSync(1, bytes, written);

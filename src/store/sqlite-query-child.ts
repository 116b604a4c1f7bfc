/**
 * The process `query` runs a statement in (see sqlite-query.ts): reads a QueryJob from stdin,
 * answers a QueryAnswer on stdout. Killed by its parent when the time limit passes.
 */
import { readFileSync, writeSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
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

const bytes = serialize(answer(deserialize(readFileSync(0)) as QueryJob));
for (let written = 0; written < bytes.length; ) written += writeSync(1, bytes, written);

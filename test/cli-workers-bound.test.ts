import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { checkWorkerCount, maxWorkers, MAX_WORKERS_CAP, WORKER_MEMORY_BYTES, workerLimit } from '../src/pool/worker-limit.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

const GiB = 2 ** 30;

test('the worker bound is 4 per core, lower when free memory is short, and never above the fixed cap', () => {
  assert.deepEqual(workerLimit(2, 64 * GiB).max, 8);
  assert.match(workerLimit(2, 64 * GiB).reason, /4 per core on 2 cores/);
  const short = workerLimit(8, 3 * WORKER_MEMORY_BYTES + 1);
  assert.equal(short.max, 3);
  assert.match(short.reason, /free memory/);
  assert.equal(workerLimit(8, 10).max, 1, 'one worker is always allowed');
  assert.equal(workerLimit(128, 1024 * GiB).max, MAX_WORKERS_CAP);
});

test('checkWorkerCount accepts the bound, refuses one more and non-integers, naming the flag', () => {
  const max = maxWorkers();
  assert.equal(checkWorkerCount(1), 1);
  assert.equal(checkWorkerCount(max), max);
  assert.throws(() => checkWorkerCount(max + 1), (e: Error) => e.name === 'ConfigError' && /^--workers must be at most \d+ on this machine \(.+\), got \d+$/.test(e.message));
  assert.throws(() => checkWorkerCount(0, 'workers'), /ConfigError: workers must be a positive integer, got 0$/);
  assert.throws(() => checkWorkerCount(1.5), /--workers must be a positive integer/);
});

test('search and resume refuse --workers 1000 in one line before any run is created', () => {
  const db = join(tempDir('workers-bound'), 'runs.db');
  openStore(db).close();
  const before = readFileSync(db);
  for (const args of [
    ['search', '--space', 'tiny', '--dataset', 'iris', '--seeds', '1', '--workers', '1000', '--db', db, '--json'],
    ['resume', 'r0000000', '--workers', '1000', '--db', db],
  ]) {
    const result = runCli(args);
    assert.equal(result.status, 2, result.stderr);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0], /^multihop: --workers must be at most \d+ on this machine \((.*per core|.*free memory|the fixed cap).*\), got 1000$/);
  }
  assert.ok(readFileSync(db).equals(before), 'the database is left byte-identical');
  const store = openStore(db, { readonly: true });
  try {
    assert.equal(store.listRuns().length, 0);
  } finally {
    store.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { openStore } from '../src/store/index.js';
import type { HoldWriteLock } from './fixtures/store/hold-write-lock.js';
import { sampleHop, sampleRun, tempPath } from './fixtures/store/store-samples.js';

test('a write that reads first (markNodeRunning) waits for another connection\'s write lock instead of failing at once', async () => {
  const path = tempPath();
  const store = openStore(path);
  const runId = store.createRun(sampleRun).id;
  const release = new Int32Array(new SharedArrayBuffer(4));
  const data: HoldWriteLock = { path, runId, release, holdMs: 300 };
  const holder = new Worker(new URL('./fixtures/store/hold-write-lock.js', import.meta.url), { workerData: data });
  const message = (wanted: string) =>
    new Promise<void>((resolve, reject) => {
      holder.on('message', (text) => text === wanted && resolve());
      holder.once('error', reject);
    });
  const locked = message('locked');
  const released = message('released');
  await locked;

  // The holder keeps its lock 300 ms from here; a DEFERRED transaction would read, then fail
  // to upgrade with SQLITE_BUSY at once, without waiting.
  Atomics.store(release, 0, 1);
  Atomics.notify(release, 0);
  const before = Date.now();
  const attempt = store.markNodeRunning(runId, sampleHop('root'));
  const waited = Date.now() - before;
  await released;
  assert.equal(attempt, 1);
  assert.ok(waited >= 100, `markNodeRunning should have waited for the lock, waited ${waited} ms`);
  assert.equal(store.getNode(runId, 'root')?.status, 'running');
  store.close();
});

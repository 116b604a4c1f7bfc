import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { openStore } from '../src/store/index.js';
import type { HoldWriteLock } from './fixtures/store/hold-write-lock.js';
import { sampleRun, tempPath } from './fixtures/store/store-samples.js';

/** How long the holder keeps the lock once the test has said it is about to write. */
const HOLD_AFTER_RELEASE_MS = 300;

/**
 * Starts a second connection in a worker thread that holds the write lock until `release()`, then
 * HOLD_AFTER_RELEASE_MS longer. No timer decides when the lock is free: the test does.
 */
function holdWriteLock(path: string, runId: string) {
  const release = new Int32Array(new SharedArrayBuffer(4));
  const data: HoldWriteLock = { path, runId, release, holdMs: HOLD_AFTER_RELEASE_MS };
  const worker = new Worker(new URL('./fixtures/store/hold-write-lock.js', import.meta.url), { workerData: data });
  let released = false;
  const messages = (wanted: string) =>
    new Promise<void>((resolve, reject) => {
      worker.on('message', (message) => {
        if (message === 'released') released = true;
        if (message === wanted) resolve();
      });
      worker.once('error', reject);
    });
  return {
    locked: messages('locked'),
    released: messages('released'),
    isReleased: () => released,
    release: () => {
      Atomics.store(release, 0, 1);
      Atomics.notify(release, 0);
    },
  };
}

test('readers are not blocked, and a second writer waits, while another connection holds a write transaction', async () => {
  const path = tempPath();
  const writer = openStore(path);
  const runId = writer.createRun(sampleRun).id;
  const holder = holdWriteLock(path, runId);
  await holder.locked;

  // Reads from two connections while the lock is held: none may see "database is locked", and
  // none sees the holder's uncommitted event (WAL snapshot).
  const reader = openStore(path, { readonly: true });
  let reads = 0;
  for (; reads < 10; reads++) {
    assert.equal(reader.listEvents(runId).length, 0);
    assert.equal(reader.getRun(runId)?.id, runId);
    assert.equal(writer.query('SELECT count(*) FROM run_events').rows[0][0], 0);
  }
  assert.equal(holder.isReleased(), false, 'the lock was released before the reads finished; the test proved nothing');
  assert.ok(reads >= 10);

  // Writer against writer: busy_timeout makes this wait for the holder's COMMIT instead of failing.
  holder.release();
  const before = Date.now();
  writer.addEvent(runId, 'info', 'from the main writer');
  const waited = Date.now() - before;
  assert.ok(waited >= 100, `the write should have waited for the lock, waited ${waited} ms`);
  await holder.released;
  assert.deepEqual(
    reader.listEvents(runId).map((event) => event.message),
    ['from the lock holder', 'from the main writer'],
  );
  reader.close();
  writer.close();
});

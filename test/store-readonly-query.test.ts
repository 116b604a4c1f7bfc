import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { loadMigrations, openStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

function storeWithOneNode(): { path: string; runId: string } {
  const path = tempPath();
  const store = openStore(path);
  const runId = store.createRun({ ...sampleRun, id: 'rquery1' }).id;
  store.markNodeRunning(runId, sampleHop('root'));
  store.recordNodeDone(runId, 'root', sampleResult(0.875));
  store.close();
  return { path, runId };
}

const refusesWrite = (error: unknown) =>
  error instanceof StoreError && error.message === 'the query must not modify the database';

test('query returns columns and rows, with parameters', () => {
  const { path, runId } = storeWithOneNode();
  const store = openStore(path, { readonly: true });
  const result = store.query('SELECT key, validation_accuracy AS val, 1 AS val FROM nodes WHERE run_id = ?', [runId]);
  assert.deepEqual(result, { columns: ['key', 'val', 'val'], rows: [['root', 0.875, 1]] });
  assert.deepEqual(store.query('SELECT count(*) FROM runs WHERE id = :id', { id: runId }).rows, [[1]]);
  assert.throws(() => store.query('SELECT nope FROM runs'), /query: no such column: nope/);
  store.close();
});

test('query refuses every statement that could write, on a read-only and on a writable store', () => {
  const { path, runId } = storeWithOneNode();
  for (const readonly of [true, false]) {
    const store = openStore(path, { readonly });
    for (const sql of [
      'DELETE FROM nodes',
      "UPDATE runs SET status = 'done'",
      "INSERT INTO run_events (run_id, at, level, message) VALUES ('rquery1', 'now', 'info', 'x')",
      'DROP TABLE chains',
      'PRAGMA user_version = 9',
      'VACUUM',
    ]) {
      assert.throws(() => store.query(sql), refusesWrite, sql);
    }
    assert.throws(() => store.query("ATTACH 'other.db' AS other"), /must be one statement that returns rows/);
    assert.throws(() => store.query('SELECT 1; DELETE FROM nodes'), /query: .*more than one statement/);
    store.close();
  }
  const check = openStore(path, { readonly: true });
  assert.deepEqual(check.query('SELECT count(*) FROM nodes').rows, [[1]]);
  assert.equal(check.getRun(runId)?.status, 'running');
  assert.equal(check.query('PRAGMA user_version').rows[0][0], loadMigrations().length);
  check.close();
});

test('a read-only store refuses the write methods with a StoreError naming the file', () => {
  const { path, runId } = storeWithOneNode();
  const store = openStore(path, { readonly: true });
  assert.throws(() => store.createRun(sampleRun), (error: unknown) =>
    error instanceof StoreError && error.message === `${path} is open read-only: cannot create a run`,
  );
  assert.throws(() => store.setRunStatus(runId, 'done'), /is open read-only: cannot set the status of run rquery1/);
  assert.throws(() => store.resetInterrupted(runId), /is open read-only/);
  assert.throws(() => store.markNodeRunning(runId, sampleHop('x', 'root')), /is open read-only/);
  // Reading still works.
  assert.equal(store.getNode(runId, 'root')?.validation?.accuracy, 0.875);
  store.close();
});

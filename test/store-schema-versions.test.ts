import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../src/core/index.js';
import { loadMigrations, openStore } from '../src/store/index.js';
import { openSqliteDatabase } from '../src/store/sqlite-driver.js';
import { sampleHop, sampleResult, tempPath } from './fixtures/store/store-samples.js';

// The SQL dump of a store written by schema version 1 (test/fixtures/store/make-v1-db.mjs): replayed
// into a fresh file, so no database file is committed.
const V1_FIXTURE = fileURLToPath(new URL('../../test/fixtures/store/v1.sql', import.meta.url));

/** Writes the version-1 fixture database at `path`. */
function writeV1Store(path: string): void {
  const db = openSqliteDatabase(path);
  try {
    db.exec(readFileSync(V1_FIXTURE, 'utf8'));
  } finally {
    db.close();
  }
}
const CURRENT = loadMigrations().length;

function pragma(path: string, name: string): unknown {
  const db = openSqliteDatabase(path, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

test('the migrations are at least two, numbered from 001', () => {
  const migrations = loadMigrations();
  assert.ok(migrations.length >= 2);
  assert.deepEqual(
    migrations.map((migration) => migration.version),
    migrations.map((_, index) => index + 1),
  );
  assert.equal(migrations[0].name, '001-initial.sql');
});

test('a fresh database gets the current schema version, WAL, busy_timeout and foreign keys', () => {
  const path = tempPath();
  const store = openStore(path);
  assert.equal(store.query('PRAGMA user_version').rows[0][0], CURRENT);
  assert.equal(store.query('SELECT * FROM pragma_journal_mode()').rows[0][0], 'wal');
  assert.equal(store.query('PRAGMA busy_timeout').rows[0][0], 5000);
  assert.equal(store.query('PRAGMA foreign_keys').rows[0][0], 1);
  const tables = store.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").rows.flat();
  assert.deepEqual(tables, ['chains', 'nodes', 'run_events', 'run_leases', 'runs', 'sweep_runs', 'sweeps', 'teacher_signals']);
  store.close();
  assert.equal(pragma(path, 'journal_mode'), 'wal');
  // Reopening an up-to-date database migrates nothing and keeps the version.
  openStore(path).close();
  assert.equal(pragma(path, 'user_version'), CURRENT);
});

test('a version-1 database is upgraded to the current version with its rows kept', () => {
  const path = tempPath('old.db');
  writeV1Store(path);
  assert.equal(pragma(path, 'user_version'), 1);

  const store = openStore(path);
  assert.equal(store.query('PRAGMA user_version').rows[0][0], CURRENT);
  const run = store.getRun('rv1fix');
  assert.equal(run?.status, 'interrupted');
  assert.deepEqual(run?.command, ['search', '--dataset', 'iris']);
  assert.equal(run?.split.seed, 7);
  assert.deepEqual(
    store.nodeOutcomes('rv1fix').map((outcome) => [outcome.key, outcome.status, outcome.validationAccuracy]),
    [
      ['root', 'done', 0.95],
      ['target-kd', 'running', null],
    ],
  );
  assert.deepEqual(store.getWeights('rv1fix', 'root'), { shapes: [[3]], values: new Float32Array([0.5, -1.25, 2]) });
  const signal = store.getTeacherSignal('rv1fix', 'root');
  assert.deepEqual(signal?.trainLogits, new Float32Array([1, 2, 3, 4, 5, 6]));
  assert.deepEqual(signal?.probes[0].trainTrueConfidence, new Float32Array([0.75, 0.25]));

  // The tables version 2 added work on the upgraded file, and the old rows keep working.
  store.setChains('rv1fix', [
    { kind: 'one-hop', method: 'kd', nodeKeys: ['root', 'target-kd'], validationAccuracy: null, testAccuracy: null },
  ]);
  assert.equal(store.getChains('rv1fix')[0].nodeKeys[1], 'target-kd');
  store.addEvent('rv1fix', 'info', 'resumed after upgrade');
  assert.equal(store.resetInterrupted('rv1fix'), 1);
  assert.equal(store.markNodeRunning('rv1fix', sampleHop('target-kd', 'root')), 2);
  store.recordNodeDone('rv1fix', 'target-kd', sampleResult(0.9));
  assert.equal(store.getNode('rv1fix', 'target-kd')?.status, 'done');
  store.close();
});

test('a database newer than this code is refused with the upgrade message', () => {
  const path = tempPath('x.db');
  openStore(path).close();
  const db = openSqliteDatabase(path);
  const newer = CURRENT + 1;
  db.pragma(`user_version = ${newer}`);
  db.close();
  for (const readonly of [false, true]) {
    assert.throws(
      () => openStore(path, { readonly }),
      (error: unknown) =>
        error instanceof StoreError &&
        error.message === `${path} has schema version ${newer}, this multihop knows up to ${CURRENT}: upgrade multihop`,
    );
  }
  // Refusing must not have touched the file.
  assert.equal(pragma(path, 'user_version'), newer);
});

test('a file that is not SQLite is refused in one line naming it, and left as it was', () => {
  const path = tempPath('notes.db');
  const text = 'epoch,loss\n0,1.5\n'.repeat(20);
  writeFileSync(path, text);
  for (const readonly of [false, true]) {
    assert.throws(
      () => openStore(path, { readonly }),
      (error: unknown) =>
        error instanceof StoreError &&
        error.message === `${path} is not an SQLite database: give the path of a multihop results store`,
    );
  }
});

test('a read-only open of a missing file or an old version is refused, not created or migrated', () => {
  const missing = tempPath('missing.db');
  assert.throws(() => openStore(missing, { readonly: true }), /missing\.db does not exist/);
  const old = tempPath('old.db');
  writeV1Store(old);
  assert.throws(() => openStore(old, { readonly: true }), /has schema version 1, older than this multihop's/);
  assert.equal(pragma(old, 'user_version'), 1);
});

test('a failing migration leaves the database at its old version', () => {
  const path = tempPath('clash.db');
  const db = openSqliteDatabase(path);
  db.exec('CREATE TABLE chains (x INTEGER)'); // 002 creates `chains`: it will fail there
  db.exec(loadMigrations()[0].sql);
  db.pragma('user_version = 1');
  db.close();
  assert.throws(() => openStore(path), /migration 002-chains-events\.sql failed: table chains already exists/);
  assert.equal(pragma(path, 'user_version'), 1);
  // 002's other objects were rolled back with it.
  const check = openSqliteDatabase(path, { readonly: true });
  assert.deepEqual(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'run_events'").get(), { n: 0 });
  check.close();
});

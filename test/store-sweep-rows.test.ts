/** Sweep rows read back through their schemas: a hand-edited row is a StoreError naming sweep, position and column. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { openStore } from '../src/store/index.js';
import { openSqliteDatabase } from '../src/store/sqlite-driver.js';
import { tempPath } from './fixtures/store/store-samples.js';

function corrupted(corrupt: string) {
  const path = tempPath();
  const store = openStore(path);
  store.createSweep({ id: 'sbad001', name: 'bad', spec: { name: 'bad' }, specSha256: 'a'.repeat(64), combinations: [{ seeds: 1 }, { seeds: 2 }] });
  store.close();
  const raw = openSqliteDatabase(path);
  raw.pragma('ignore_check_constraints = ON');
  raw.prepare(corrupt).run();
  raw.close();
  return openStore(path);
}

const names = (pattern: RegExp) => (error: unknown) => error instanceof StoreError && pattern.test(error.message);

test('corrupt sweeps and sweep_runs rows are named', () => {
  let store = corrupted(`UPDATE sweeps SET spec_sha256 = 'abc'`);
  assert.throws(() => store.getSweep('sbad001'), names(/sweeps row \(sweep sbad001\): column spec_sha256: expected a SHA-256 in hex; the row is corrupt$/));
  assert.throws(() => store.listSweeps(), names(/column spec_sha256/));
  store.close();

  store = corrupted(`UPDATE sweep_runs SET flag_values = '[1]' WHERE position = 1`);
  assert.throws(() => store.sweepRuns('sbad001'), names(/sweep_runs row \(sweep sbad001, position 1\): column flag_values: Expected object, received array; the row is corrupt$/));
  store.close();

  store = corrupted(`UPDATE sweep_runs SET position = -1 WHERE position = 0`);
  assert.throws(() => store.sweepRuns('sbad001'), names(/position -1\): column position: Number must be greater than or equal to 0/));
  store.close();
});

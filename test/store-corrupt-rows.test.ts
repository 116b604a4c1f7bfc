import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { openStore } from '../src/store/index.js';
import { openSqliteDatabase } from '../src/store/sqlite-driver.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

/** A store with one done node, then `corrupt` run on it through a raw connection, CHECKs off. */
function corrupted(corrupt: string, bind: unknown[] = []) {
  const path = tempPath();
  const store = openStore(path);
  store.createRun({ ...sampleRun, id: 'rbad001' });
  store.markNodeRunning('rbad001', sampleHop('root'));
  store.recordNodeDone('rbad001', 'root', sampleResult());
  store.close();
  const raw = openSqliteDatabase(path);
  raw.pragma('ignore_check_constraints = ON');
  raw.prepare(corrupt).run(...bind);
  raw.close();
  return openStore(path);
}

const names = (pattern: RegExp) => (error: unknown) => error instanceof StoreError && pattern.test(error.message);

test('a node row whose JSON has the wrong shape is a StoreError naming run, key and column', () => {
  const store = corrupted(`UPDATE nodes SET history = '[{"epoch":"one","loss":1,"valLoss":1,"valAccuracy":1}]'`);
  const expected = names(/nodes row \(run rbad001, key root\): column history at 0\.epoch: Expected number, received string; the row is corrupt$/);
  assert.throws(() => store.getNode('rbad001', 'root'), expected);
  assert.throws(() => store.listNodes('rbad001'), expected);
  store.close();
});

test('an unknown architecture family, invalid JSON or a bad run column are named too', () => {
  let store = corrupted(`UPDATE nodes SET arch = '{"family":"rnn","cells":3}'`);
  assert.throws(() => store.getNode('rbad001', 'root'), names(/key root\): column arch at family: expected 'mlp', 'cnn', 'tree', 'forest', 'linear' or 'gbt'/));
  store.close();

  store = corrupted(`UPDATE nodes SET method_params = '{"alpha": '`);
  assert.throws(() => store.getNode('rbad001', 'root'), names(/key root\): column method_params: is not valid JSON/));
  store.close();

  store = corrupted(`UPDATE runs SET seeds = '[1.5]'`);
  assert.throws(() => store.getRun('rbad001'), names(/runs row \(run rbad001\): column seeds at 0: Expected integer/));
  assert.throws(() => store.listRuns(), names(/run rbad001/));
  store.close();

  store = corrupted(`UPDATE nodes SET params = -5`);
  assert.throws(() => store.nodeOutcomes('rbad001'), names(/key root\): column params: Number must be greater than or equal to 0/));
  store.close();
});

test('a weights blob that does not match its shapes is refused on read', () => {
  let store = corrupted(`UPDATE nodes SET weights = ?`, [Buffer.alloc(6)]);
  assert.throws(() => store.getWeights('rbad001', 'root'), names(/key root\) weights: blob of 6 bytes is not a whole number of float32/));
  store.close();
  store = corrupted(`UPDATE nodes SET weight_shapes = '[[2,2]]'`);
  assert.throws(() => store.getWeights('rbad001', 'root'), names(/key root\): column weights holds 9 values, weight_shapes say 4/));
  store.close();
});

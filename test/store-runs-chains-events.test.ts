import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../src/store/index.js';
import type { ChainRecord } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

test('createRun generates short unique ids, or keeps a given one, and stores every setting', () => {
  const store = openStore(tempPath());
  const ids = new Set<string>();
  for (let i = 0; i < 50; i++) ids.add(store.createRun(sampleRun).id);
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, /^r[0-9a-z]{6}$/);

  const run = store.createRun({ ...sampleRun, id: 'fashion-greedy' });
  assert.equal(run.id, 'fashion-greedy');
  assert.equal(run.status, 'running');
  assert.equal(run.error, null);
  assert.equal(run.createdAt, run.updatedAt);
  const { id: _id, ...settings } = { ...sampleRun, id: undefined };
  const { id: _storedId, status: _s, createdAt: _c, updatedAt: _u, error: _e, ...stored } = run;
  assert.deepEqual(stored, settings);
  assert.throws(() => store.createRun({ ...sampleRun, id: 'fashion-greedy' }), /already has a run 'fashion-greedy'/);
  assert.throws(() => store.createRun({ ...sampleRun, id: 'no spaces' }), /run id 'no spaces' must be/);
  assert.equal(store.listRuns().length, 51);
  store.close();
});

test('setRunStatus records the status and error, and refuses an unknown run', () => {
  const store = openStore(tempPath());
  const { id } = store.createRun(sampleRun);
  store.setRunStatus(id, 'failed', 'worker crashed: out of memory');
  assert.equal(store.getRun(id)?.status, 'failed');
  assert.equal(store.getRun(id)?.error, 'worker crashed: out of memory');
  store.setRunStatus(id, 'done');
  assert.equal(store.getRun(id)?.error, null);
  assert.equal(store.getRun('rmissing'), null);
  assert.throws(() => store.setRunStatus('rmissing', 'done'), /has no run 'rmissing'/);
  store.close();
});

test('setChains replaces a run\'s chains, kept in order with their details', () => {
  const store = openStore(tempPath());
  const { id } = store.createRun(sampleRun);
  store.markNodeRunning(id, sampleHop('root'));
  store.recordNodeDone(id, 'root', sampleResult());
  const chains: ChainRecord[] = [
    { kind: 'scratch', method: 'scratch', nodeKeys: ['s'], validationAccuracy: 0.7, testAccuracy: 0.69, details: {} },
    { kind: 'one-hop', method: 'kd', nodeKeys: ['root', 'k'], validationAccuracy: 0.72, testAccuracy: 0.7, details: { seeds: 2 } },
    {
      kind: 'multihop',
      method: 'kd>profweight',
      nodeKeys: ['root', 'm1', 't'],
      validationAccuracy: 0.75,
      testAccuracy: null,
      details: { gainOverScratch: 0.05, std: [0.01, 0.02] },
    },
  ];
  store.setChains(id, chains);
  assert.deepEqual(store.getChains(id), chains);
  store.setChains(id, chains.slice(2));
  assert.deepEqual(store.getChains(id), chains.slice(2));
  assert.throws(
    () => store.setChains(id, [{ ...chains[0], kind: 'two-hop' as ChainRecord['kind'] }]),
    /CHECK constraint failed/,
  );
  assert.deepEqual(store.getChains(id), chains.slice(2), 'a refused setChains keeps the previous chains');
  store.close();
});

test('events are kept per run, oldest first, with their data', () => {
  const store = openStore(tempPath());
  const a = store.createRun(sampleRun).id;
  const b = store.createRun(sampleRun).id;
  store.addEvent(a, 'info', 'started', { workers: 2 });
  store.addEvent(b, 'warn', 'other run');
  store.addEvent(a, 'error', 'node k failed');
  const events = store.listEvents(a);
  assert.deepEqual(
    events.map((event) => [event.runId, event.level, event.message, event.data]),
    [
      [a, 'info', 'started', { workers: 2 }],
      [a, 'error', 'node k failed', null],
    ],
  );
  assert.ok(events[0].id < events[1].id && events[0].at <= events[1].at);
  store.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InterruptedError } from '../src/core/index.js';
import { driveRun } from '../src/run/run-driver.js';
import { createController, loadSearchSpace, searchSpacePath, type SearchController } from '../src/search/index.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import type { ResultsStore, RunRecord } from '../src/store/index.js';
import { sampleRun } from './fixtures/store/store-samples.js';
import { fakeTrainer, type FakeTrainerOptions } from './fixtures/run/fake-trainer.js';

function controller(seeds = [0, 1]): SearchController {
  const space = loadSearchSpace(searchSpacePath('tiny'));
  return createController(space, {
    strategy: 'greedy',
    methods: [{ key: 'kd', grid: [{}] }, { key: 'sratio', grid: [{}] }],
    seeds,
    exampleShape: [4],
    numClasses: 3,
  });
}

function newRun(store: ResultsStore): RunRecord {
  return store.createRun({ ...sampleRun, strategy: 'greedy', methods: ['kd', 'sratio'], seeds: [0, 1] });
}

function drive(store: ResultsStore, run: RunRecord, trainer: ReturnType<typeof fakeTrainer>, abort?: AbortSignal, resumed = false) {
  return driveRun({ store, run, controller: controller(), trainer, maxAttempts: 2, probeEpochs: 1, backend: 'fake', resumed, abort });
}

function setup(options: FakeTrainerOptions = {}) {
  const store = openMemoryStore();
  return { store, run: newRun(store), trainer: fakeTrainer(options) };
}

test('a run driven on the in-memory store by a fake trainer ends done: every hop trained once, every teacher signal computed once', async () => {
  const { store, run, trainer } = setup();
  const { result } = await drive(store, run, trainer);
  const nodes = store.listNodes(run.id);
  assert.equal(store.getRun(run.id)?.status, 'done');
  assert.ok(nodes.length > 5 && nodes.every((n) => n.status === 'done' && n.attempts === 1));
  assert.deepEqual([...trainer.trainCalls].sort(), nodes.map((n) => n.key).sort(), 'each node trained exactly once');
  assert.equal(new Set(trainer.signalCalls).size, trainer.signalCalls.length, 'one signal computation per teacher');
  const teachers = new Set(nodes.filter((n) => n.method === 'kd' || n.method === 'sratio').map((n) => n.parentKey));
  assert.deepEqual(new Set(trainer.signalCalls), teachers);
  assert.ok(result.scratch && result.oneHop && result.best);
  assert.deepEqual(store.getChains(run.id).map((c) => c.kind), ['scratch', 'one-hop', 'multihop']);
  const done = store.listEvents(run.id).at(-1);
  assert.equal(done?.message, 'done');
  assert.deepEqual(done?.data, { nodesTrained: nodes.length, teacherSignalsComputed: trainer.signalCalls.length, wallMs: (done?.data as { wallMs: number }).wallMs });
});

test('a hop that throws once is retried; one that always throws is failed after maxAttempts and the run goes on', async () => {
  let flaky: string | null = null;
  let broken: string | null = null;
  const { store, run, trainer } = setup({
    fail: (hop, call) => {
      if (hop.role !== 'intermediate' || hop.seed !== 0) return false;
      flaky ??= hop.key;
      if (hop.key !== flaky) broken ??= hop.key;
      return hop.key === broken || (hop.key === flaky && call === 1);
    },
  });
  const { result } = await drive(store, run, trainer);
  assert.equal(store.getRun(run.id)?.status, 'done');
  assert.ok(result.best);
  const flakyNode = store.getNode(run.id, flaky!)!;
  assert.equal(flakyNode.status, 'done');
  assert.equal(flakyNode.attempts, 2);
  const brokenNode = store.getNode(run.id, broken!)!;
  assert.equal(brokenNode.status, 'failed');
  assert.equal(brokenNode.attempts, 2);
  assert.match(brokenNode.error ?? '', /injected failure/);
  assert.equal(store.listNodes(run.id).filter((n) => n.parentKey === broken).length, 0, 'a failed teacher teaches nobody');
  const warnings = store.listEvents(run.id).filter((e) => e.level !== 'info').map((e) => e.message);
  assert.ok(warnings.some((m) => /attempt 1\/2/.test(m)) && warnings.some((m) => /attempt 2\/2/.test(m)));
});

test('aborting leaves the run interrupted with no node running; driving it again retrains only the abandoned hop and gives the uninterrupted result', async () => {
  const reference = setup();
  const expected = (await drive(reference.store, reference.run, reference.trainer)).result;

  let heldKey: string | null = null;
  const { store, run, trainer } = setup({ hold: (hop) => hop.role === 'intermediate' && (heldKey ??= hop.key) === hop.key });
  const abort = new AbortController();
  const driving = drive(store, run, trainer, abort.signal);
  const held = await trainer.held();
  abort.abort();
  await assert.rejects(driving, InterruptedError);
  assert.equal(store.getRun(run.id)?.status, 'interrupted');
  const nodes = store.listNodes(run.id);
  assert.ok(nodes.every((n) => n.status === 'done' || n.status === 'pending'));
  assert.equal(store.getNode(run.id, held.key)?.status, 'pending');
  const doneBefore = new Map(nodes.filter((n) => n.status === 'done').map((n) => [n.key, n.finishedAt]));

  const again = fakeTrainer();
  const { result } = await drive(store, run, again, undefined, true);
  assert.deepEqual(result, expected);
  assert.ok(again.trainCalls.every((key) => !doneBefore.has(key)), 'no finished node trained again');
  assert.ok(again.trainCalls.includes(held.key));
  for (const [key, finishedAt] of doneBefore) assert.equal(store.getNode(run.id, key)?.finishedAt, finishedAt);
});

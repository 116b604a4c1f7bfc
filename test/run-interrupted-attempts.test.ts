import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InterruptedError } from '../src/core/index.js';
import { driveRun } from '../src/run/run-driver.js';
import { createController, loadSearchSpace, searchSpacePath } from '../src/search/index.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import type { ResultsStore, RunRecord } from '../src/store/index.js';
import { sampleRun } from './fixtures/store/store-samples.js';
import { fakeTrainer, type FakeTrainer } from './fixtures/run/fake-trainer.js';

function drive(store: ResultsStore, run: RunRecord, trainer: FakeTrainer, abort?: AbortSignal) {
  const controller = createController(loadSearchSpace(searchSpacePath('tiny')), {
    strategy: 'greedy',
    methods: [{ key: 'kd', grid: [{}] }],
    seeds: [0],
    exampleShape: [4],
    numClasses: 3,
  });
  return driveRun({ store, run, controller, trainer, maxAttempts: 2, probeEpochs: 1, backend: 'fake', resumed: true, abort });
}

test('starts interrupted by Ctrl-C or a crash do not count against --max-attempts; only hops that ran and failed do', async () => {
  const store = openMemoryStore();
  const run = store.createRun({ ...sampleRun, seeds: [0] });
  const isTarget = (hop: { role: string; method: string }) => hop.role === 'target' && hop.method === 'kd';
  // Interrupted twice while the 1-hop target trains.
  for (let i = 0; i < 2; i++) {
    const trainer = fakeTrainer({ hold: isTarget });
    const abort = new AbortController();
    const driving = drive(store, run, trainer, abort.signal);
    await trainer.held();
    abort.abort();
    await assert.rejects(driving, InterruptedError);
  }
  const target = store.listNodes(run.id).find(isTarget)!;
  assert.equal(target.attempts, 2);
  assert.equal(target.failures, 0, 'an interrupted start is no failure');

  // Then it really fails once: with --max-attempts 2 it must be retried, not given up on.
  const messages: string[] = [];
  const trainer = fakeTrainer({ fail: (hop, call) => hop.key === target.key && call === 1 });
  const controller = createController(loadSearchSpace(searchSpacePath('tiny')), {
    strategy: 'greedy', methods: [{ key: 'kd', grid: [{}] }], seeds: [0], exampleShape: [4], numClasses: 3,
  });
  await driveRun({
    store, run, controller, trainer, maxAttempts: 2, probeEpochs: 1, backend: 'fake', resumed: true,
    observer: { onMessage: (line) => messages.push(line) },
  });
  const after = store.getNode(run.id, target.key)!;
  assert.equal(after.status, 'done', messages.join('\n'));
  assert.equal(after.failures, 1);
  assert.equal(after.attempts, 4);
  assert.deepEqual(messages.map((m) => / on attempt (\d+\/\d+)/.exec(m)?.[1]), ['1/2']);
  assert.match(messages[0], /— retrying$/);
});

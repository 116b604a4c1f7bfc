import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingError } from '../src/core/index.js';
import { driveRun } from '../src/run/run-driver.js';
import { atChanceWarning, chanceLevels, divergedWarning } from '../src/run/result-checks.js';
import { renderSummaryText, summariseRun } from '../src/report/index.js';
import { createController, loadSearchSpace, searchSpacePath } from '../src/search/index.js';
import { openMemoryStore } from '../src/store/memory-store.js';
import type { HopSpec } from '../src/core/index.js';
import type { ResultsStore, RunRecord } from '../src/store/index.js';
import { sampleRun } from './fixtures/store/store-samples.js';
import { fakeTrainer, type FakeTrainer } from './fixtures/run/fake-trainer.js';

// Three classes, the most frequent one 50 % of the validation labels.
const chance = chanceLevels(Int32Array.from([0, 0, 0, 1, 2, 0]), 3);

function drive(store: ResultsStore, run: RunRecord, trainer: FakeTrainer) {
  const controller = createController(loadSearchSpace(searchSpacePath('tiny')), {
    strategy: 'greedy', methods: [{ key: 'kd', grid: [{}] }], seeds: [0], exampleShape: [4], numClasses: 3,
  });
  return driveRun({ store, run, controller, trainer, maxAttempts: 2, probeEpochs: 1, backend: 'fake', resumed: false, chance });
}

const metrics = (accuracy: number, loss: number) => ({ accuracy, loss });
const trained = (loss: number, valLoss = loss) => ({
  weights: { shapes: [[1]], values: new Float32Array(1) },
  train: metrics(0.9, loss),
  validation: metrics(0.9, valLoss),
  test: metrics(0.9, valLoss),
  epochs: 2,
  wallMs: 1,
  history: [{ epoch: 0, loss, valLoss, valAccuracy: 0.9 }, { epoch: 1, loss: 0.3, valLoss: 0.3, valAccuracy: 0.9 }],
});

test('chance levels, and what counts as diverged or at chance', () => {
  assert.deepEqual(chance, { accuracy: 4 / 6, loss: Math.log(3) });
  assert.equal(divergedWarning(trained(0.5), chance), null);
  assert.match(divergedWarning(trained(Number.NaN), chance) ?? '', /^training diverged: the loss became NaN at epoch 1$/);
  assert.match(divergedWarning(trained(0.5, 2.5), chance) ?? '', /validation cross-entropy 2\.50 against 1\.10 for guessing uniformly/);
  const oneLeafFit = { ...trained(0.5, 2.5), history: [{ epoch: 0, loss: 0.5, valLoss: 2.5, valAccuracy: 0.9 }] };
  assert.equal(divergedWarning(oneLeafFit, chance), null, 'a single tree fit is not iterated: confident leaves are no divergence');
  assert.equal(atChanceWarning(0.7, chance, 0.95), null, 'more than a point above chance');
  assert.equal(atChanceWarning(0.66, chance, 0.7), null, 'scratch is not far above chance either: the task may be that hard');
  assert.match(atChanceWarning(0.66, chance, 0.95) ?? '', /^at chance: validation 66\.0 % \(most frequent class 66\.7 %\) while the same model from scratch reaches 95\.0 %$/);
});

test('a complex model at chance stops the run with one clear error, and resuming does not go on from it', async () => {
  const store = openMemoryStore();
  const run = store.createRun(sampleRun);
  const atChanceRoot = fakeTrainer({ outcome: (hop) => (hop.method === 'root' ? { accuracy: 0.66 } : undefined) });
  await assert.rejects(drive(store, run, atChanceRoot), (error: unknown) => {
    assert.ok(error instanceof TrainingError);
    assert.match(error.message, /^the complex model mlp\[64-32\] stayed at chance: validation 66\.0 %, where always answering the most frequent class gives 66\.7 %; check its training settings \(learning rate 0\.01, 8 epochs\)/);
    return true;
  });
  assert.equal(store.getRun(run.id)?.status, 'failed');
  const root = store.listNodes(run.id).find((n) => n.role === 'root')!;
  assert.equal(root.warning, 'at chance: the complex model learned nothing');

  const again = fakeTrainer();
  await assert.rejects(drive(store, run, again), /stayed at chance/);
  assert.deepEqual(again.trainCalls, [], 'nothing is trained from a complex model at chance');
});

test('diverged nodes and nodes at chance while scratch is far above are flagged in the store, the summary and its text', async () => {
  const store = openMemoryStore();
  const run = store.createRun(sampleRun);
  const isIntermediate = (hop: HopSpec) => hop.role === 'intermediate';
  const isOneHopTarget = (hop: HopSpec) => hop.role === 'target' && hop.parentKey !== null && !isIntermediateKey.has(hop.parentKey);
  const isIntermediateKey = new Set<string>();
  const trainer = fakeTrainer({
    outcome: (hop) => {
      if (isIntermediate(hop)) {
        isIntermediateKey.add(hop.key);
        return { loss: Number.NaN };
      }
      if (hop.method === 'scratch') return { accuracy: 0.95 };
      if (isOneHopTarget(hop)) return { accuracy: 0.6 };
      return undefined;
    },
  });
  await drive(store, run, trainer);
  const nodes = store.listNodes(run.id);
  const flagged = nodes.filter((n) => n.warning !== null);
  assert.ok(nodes.filter((n) => n.role === 'intermediate').every((n) => /^training diverged: the loss became NaN/.test(n.warning ?? '')));
  const oneHop = nodes.find((n) => n.role === 'target' && n.method === 'kd' && n.validation?.accuracy === 0.6)!;
  assert.match(oneHop.warning ?? '', /^at chance: validation 60\.0 % .* from scratch reaches 95\.0 %$/);
  assert.equal(nodes.find((n) => n.method === 'scratch')?.warning, null);
  assert.equal(nodes.find((n) => n.method === 'root')?.warning, null);

  const summary = summariseRun(store, run.id);
  assert.deepEqual(summary.warnings.map((w) => w.key).sort(), flagged.map((n) => n.key).sort());
  const text = renderSummaryText(summary);
  for (const node of flagged) assert.match(text, new RegExp(`warning: node ${node.key} \\(${node.archLabel.replace(/[[\]]/g, '\\$&')}, kd\\): `));
  assert.ok(store.listEvents(run.id).some((e) => e.level === 'warn' && e.message.includes(oneHop.key)));
});

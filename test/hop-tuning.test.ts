// Per-node tuning (`training.tune`): the grid's trials, the choice on validation only, the cost it
// records, weight decay, and that families whose runtime ignores the settings train once.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch, HopSpec, PreparedData, TrainSettings } from '../src/core/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { runHop } from '../src/hop/index.js';
import { MAX_TUNE_TRIALS, tuneTrials } from '../src/hop/hop-tuning.js';
import { parseSearchSpace } from '../src/search/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';

const base: TrainSettings = { maxEpochs: 12, batchSize: 16, learningRate: 0.01, patience: 4 };
let wine: PreparedData;
before(async () => {
  await useWasmBackend();
  wine = prepareData(await loadDataset('wine'), { seed: 1 });
});

const scratch = (arch: Arch): HopSpec => ({ key: 'n', parentKey: null, arch, method: 'scratch', params: {}, seed: 0, role: 'target' });

test('tuneTrials: the cross product in grid order, only over what the family reads, capped', () => {
  const settings = { ...base, tune: { learningRate: [0.03, 0.003], weightDecay: [0, 1e-3, 1e-2] } };
  const trials = tuneTrials(settings);
  assert.equal(trials.length, 6);
  assert.deepEqual(trials.map((t) => [t.learningRate, t.weightDecay]), [[0.03, 0], [0.03, 1e-3], [0.03, 1e-2], [0.003, 0], [0.003, 1e-3], [0.003, 1e-2]]);
  assert.ok(trials.every((t) => !('tune' in t) && t.maxEpochs === 12));
  assert.deepEqual(tuneTrials(settings, ['weightDecay']).map((t) => t.learningRate), [0.01, 0.01, 0.01]);
  assert.equal(tuneTrials(settings, []).length, 1);
  assert.throws(() => tuneTrials({ ...base, tune: { learningRate: [1, 2, 3, 4, 5], maxEpochs: [1, 2, 3, 4, 5] } }), /asks for 25 trainings per node; at most 24/);
});

test('runHop with a tune grid keeps the trial with the best validation accuracy and records the choice and its cost', async () => {
  const arch: Arch = { family: 'mlp', hidden: [4] };
  const tune = { learningRate: [0.1, 0.003], weightDecay: [0, 0.05] };
  const tuned = await runHop(wine, { kind: 'train', hop: scratch(arch), settings: { ...base, tune } }, { workerId: 't' });
  // Each trial on its own, with the same seed: the tuned node is the best of them on validation.
  const singles = [];
  for (const trial of tuneTrials({ ...base, tune })) singles.push({ trial, done: await runHop(wine, { kind: 'train', hop: scratch(arch), settings: trial }, { workerId: 't' }) });
  const best = singles.reduce((a, b) =>
    b.done.result.validation.accuracy > a.done.result.validation.accuracy ||
    (b.done.result.validation.accuracy === a.done.result.validation.accuracy && b.done.result.validation.loss < a.done.result.validation.loss) ? b : a);
  assert.deepEqual(tuned.result.weights, best.done.result.weights);
  assert.equal(tuned.params['train.learningRate'], best.trial.learningRate);
  assert.equal(tuned.params['train.weightDecay'], best.trial.weightDecay);
  assert.equal(tuned.params['train.trials'], 4);
  const sum = singles.reduce((a, s) => a + s.done.result.wallMs, 0);
  assert.ok(tuned.result.wallMs > 0.5 * sum, `the node's wall time ${tuned.result.wallMs} ms counts every trial (${sum} ms alone)`);
  // The accuracies differ between trials, so the choice was a real one.
  assert.ok(new Set(singles.map((s) => s.done.result.validation.loss)).size > 1);
  console.log(singles.map((s) => `lr ${s.trial.learningRate} wd ${s.trial.weightDecay}: val ${s.done.result.validation.accuracy.toFixed(3)}`).join('; '));
});

test('weight decay shrinks the kernels (not the biases); a tree node with a tune grid trains once', async () => {
  const arch: Arch = { family: 'mlp', hidden: [8] };
  const norm = (done: Awaited<ReturnType<typeof runHop>>) => {
    const { shapes, values } = (done as { result: { weights: { shapes: number[][]; values: Float32Array } } }).result.weights;
    let offset = 0;
    let kernel = 0;
    for (const shape of shapes) {
      const size = shape.reduce((a, b) => a * b, 1);
      if (shape.length === 2) for (let i = offset; i < offset + size; i++) kernel += values[i] * values[i];
      offset += size;
    }
    return kernel;
  };
  const plain = await runHop(wine, { kind: 'train', hop: scratch(arch), settings: base }, { workerId: 't' });
  const decayed = await runHop(wine, { kind: 'train', hop: scratch(arch), settings: { ...base, weightDecay: 0.1 } }, { workerId: 't' });
  assert.ok(norm(decayed) < 0.7 * norm(plain), `kernel ‖w‖² ${norm(decayed)} with decay vs ${norm(plain)} without`);
  const tree = await runHop(wine, { kind: 'train', hop: scratch({ family: 'tree', maxDepth: 2 }), settings: { ...base, tune: { learningRate: [0.1, 0.01] } } }, { workerId: 't' });
  assert.equal(tree.params['train.trials'], undefined);
});

test('a space file may tune training; a grid over the cap or a bad value is one line naming the path', () => {
  const space = (training: unknown) => ({
    name: 't', family: 'mlp', root: { arch: { family: 'mlp', hidden: [16] } }, target: { arch: { family: 'mlp', hidden: [2] } }, training,
  });
  const parsed = parseSearchSpace(space({ weightDecay: 1e-4, tune: { learningRate: [0.01, 0.003] } }), 's.json');
  assert.deepEqual(parsed.training.tune, { learningRate: [0.01, 0.003] });
  assert.equal(parsed.root.training.weightDecay, 1e-4);
  assert.throws(() => parseSearchSpace(space({ tune: { learningRate: [1, 2, 3, 4, 5], maxEpochs: [1, 2, 3, 4, 5] } }), 's.json'),
    new RegExp(`s\\.json: training\\.tune: expected at most ${MAX_TUNE_TRIALS} combinations`));
  assert.throws(() => parseSearchSpace(space({ tune: { weightDecay: [-1] } }), 's.json'), /s\.json: training\.tune\.weightDecay\[0\]: expected a number >= 0/);
  assert.throws(() => parseSearchSpace(space({ tune: { momentum: [0.9] } }), 's.json'), /s\.json: training\.tune/);
});

test('a tree node tunes minSamplesLeaf: each trial is the arch with that leaf size, the best on validation is kept and recorded', async () => {
  const arch: Arch = { family: 'tree', maxDepth: 4 };
  const leaves = [1, 8, 30];
  const tuned = await runHop(wine, { kind: 'train', hop: scratch(arch), settings: { ...base, tune: { minSamplesLeaf: leaves, learningRate: [0.1, 0.01] } } }, { workerId: 't' });
  const singles = [];
  for (const leaf of leaves) singles.push({ leaf, done: await runHop(wine, { kind: 'train', hop: scratch({ ...arch, minSamplesLeaf: leaf }), settings: base }, { workerId: 't' }) });
  const best = singles.reduce((a, b) =>
    b.done.result.validation.accuracy > a.done.result.validation.accuracy ||
    (b.done.result.validation.accuracy === a.done.result.validation.accuracy && b.done.result.validation.loss < a.done.result.validation.loss) ? b : a);
  assert.deepEqual(tuned.result.weights, best.done.result.weights);
  assert.equal(tuned.params['train.minSamplesLeaf'], best.leaf);
  // The learning rate is no tree setting: three trials, not six, and no learning rate recorded.
  assert.equal(tuned.params['train.trials'], 3);
  assert.equal(tuned.params['train.learningRate'], undefined);
  assert.ok(new Set(singles.map((s) => s.done.result.validation.loss)).size > 1, 'the leaf sizes give different trees');
  assert.throws(() => parseSearchSpace({ name: 't', family: 'mlp', root: { arch: { family: 'mlp', hidden: [16] } }, target: { arch: { family: 'mlp', hidden: [2] } }, training: { tune: { minSamplesLeaf: [0] } } }, 's.json'),
    /s\.json: training\.tune\.minSamplesLeaf\[0\]: expected a positive integer/);
});

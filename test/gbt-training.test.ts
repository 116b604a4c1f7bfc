// gbt training: the first round by hand, trees stored round-major with the initial scores last,
// determinism, partial-ensemble probes, soft targets, weights and model-file round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gbtRuntime, probeRounds, unpackEnsemble } from '../src/boosting/index.js';
import type { GbtArch, PreparedData } from '../src/core/index.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 5, batchSize: 16, learningRate: 0.01, patience: 2 };
const data = blobData({ dim: 4, numClasses: 3, counts: [90, 30, 30] });
const arch: GbtArch = { family: 'gbt', rounds: 8, maxDepth: 2, minSamplesLeaf: 3 };

test('round 1 by hand: initial log priors, and for two classes one tree (the binary logistic loss), Newton leaves at p = ½', async () => {
  // Two classes, x = 1, 2, 3, 4, labels 0, 0, 1, 1: priors ½; p = ½ so g = p − q = ∓½, h = ¼.
  const part = { features: Float32Array.of(1, 2, 3, 4), labels: Int32Array.of(0, 0, 1, 1), count: 4 };
  const tiny: PreparedData = { ...blobData({ dim: 1, numClasses: 2 }), train: part, validation: part, test: part };
  const result = await gbtRuntime.train(tiny, { family: 'gbt', rounds: 1, maxDepth: 1, minSamplesLeaf: 1, learningRate: 0.5 }, settings, {}, 0);
  const ensemble = unpackEnsemble(result.weights, 2);
  assert.equal(ensemble.rounds, 1);
  assert.deepEqual(Array.from(ensemble.initial), [Math.fround(Math.log(0.5)), Math.fround(Math.log(0.5))]);
  // Only s_1 − s_0 matters with two classes, so class 0's tree is a zero leaf (growing both
  // mirrored trees would double the step). Class 1's tree: left (x ≤ 2) G = +1, H = ½ → −0.5·1/(½) = −1; right +1.
  const [c0, c1] = ensemble.trees;
  assert.deepEqual([c0.feature.length, c0.value[0]], [1, 0]);
  assert.equal(c1.threshold[0], 2);
  assert.deepEqual([c1.value[1], c1.value[2]], [-1, 1]);
  // Row 0: s_1 − s_0 = −1, so p_0 = 1 / (1 + e^−1), as scikit-learn's binary loss gives at this learning rate.
  assert.ok(Math.abs(result.probabilities.train[0] - 1 / (1 + Math.exp(-1))) < 1e-6);
  assert.equal(result.epochs, 1);
  assert.equal(result.history.length, 1);
});

test('the same seed gives the same trees; weights round-trip through fromWeights and the model file', async () => {
  const a = await gbtRuntime.train(data, arch, settings, {}, 7);
  const b = await gbtRuntime.train(data, arch, settings, {}, 7);
  assert.deepEqual(a.weights, b.weights);
  assert.equal(a.weights.shapes.length, 8 * 3 + 3);
  assert.equal(a.history.length, 8);
  const model = gbtRuntime.fromWeights(arch, data.exampleShape, 3, a.weights);
  assert.deepEqual(model.predictProbabilities(data.test.features, data.test.count), a.probabilities.test);
  const dir = mkdtempSync(join(tmpdir(), 'multihop-gbt-'));
  try {
    await gbtRuntime.saveModel(arch, data.exampleShape, 3, a.weights, dir);
    const loaded = await gbtRuntime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 3 });
    assert.deepEqual(loaded.predictProbabilities(data.test.features, data.test.count), a.probabilities.test);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('probes are the partial ensembles after ⌈R/4⌉, ⌈R/2⌉, ⌈3R/4⌉ rounds, then the output', async () => {
  assert.deepEqual(probeRounds(8), [2, 4, 6]);
  assert.deepEqual(probeRounds(2), [1]);
  assert.deepEqual(probeRounds(1), []);
  const result = await gbtRuntime.train(data, arch, settings, {}, 0);
  const signal = await gbtRuntime.teacherSignal(data, arch, result.weights);
  assert.deepEqual(signal.probes.map((p) => p.layer), ['rounds:2', 'rounds:4', 'rounds:6', 'output']);
  const output = signal.probes[3];
  assert.equal(output.validationAccuracy, result.validation.accuracy);
  output.trainTrueConfidence.forEach((c, i) => assert.ok(Math.abs(c - result.probabilities.train[i * 3 + data.train.labels[i]]) < 1e-6));
  // Later partial ensembles fit the training labels better on average.
  const mean = (v: Float32Array) => v.reduce((a, b) => a + b, 0) / v.length;
  assert.ok(mean(signal.probes[0].trainTrueConfidence) < mean(output.trainTrueConfidence));
  // trainLogits are log probabilities: their softmax gives the model's probabilities back.
  const row = Array.from(signal.trainLogits.subarray(0, 3), Math.exp);
  row.forEach((p, c) => assert.ok(Math.abs(p - result.probabilities.train[c]) < 1e-5));
});

test('soft targets from a teacher that always says class 2 move predictions towards it; zero weights drop rows', async () => {
  const teacherLogits = new Float32Array(data.train.count * 3);
  for (let i = 0; i < data.train.count; i++) teacherLogits[i * 3 + 2] = 5;
  const plain = await gbtRuntime.train(data, arch, settings, {}, 0);
  const soft = await gbtRuntime.train(data, arch, settings, { softTargets: { teacherLogits, temperature: 1, alpha: 0.9 } }, 0);
  const meanClass2 = (p: Float32Array) => p.filter((_, j) => j % 3 === 2).reduce((a, b) => a + b, 0) / (p.length / 3);
  assert.ok(meanClass2(soft.probabilities.test) > meanClass2(plain.probabilities.test) + 0.2);
  // Without class-0 rows the initial score of class 0 is the floor log(1e-7).
  const sampleWeights = Float32Array.from(data.train.labels, (label) => (label === 0 ? 0 : 1));
  const dropped = unpackEnsemble((await gbtRuntime.train(data, arch, settings, { sampleWeights }, 0)).weights, 3);
  assert.ok(Math.abs(dropped.initial[0] - Math.log(1e-7)) < 1e-4);
});

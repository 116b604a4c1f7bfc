// A forest's teacher signal probes partial forests: the first k trees for k = 1, ⌈T/4⌉, ⌈T/2⌉
// (named trees:k), then the whole forest as 'output'; trainLogits are log probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { families } from '../src/models/index.js';
import { predictTrees, forestProbeSizes } from '../src/cart/index.js';
import { splitMetrics } from '../src/fit/index.js';
import { unpackTrees } from '../src/trees/tree-arrays.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };
const data = blobData({ dim: 6, numClasses: 3, counts: [150, 60, 30], separation: 1.5 });

test('forest: probe sizes are 1, ⌈T/4⌉, ⌈T/2⌉ below T, without repeats', () => {
  assert.deepEqual(forestProbeSizes(1), []);
  assert.deepEqual(forestProbeSizes(2), [1]);
  assert.deepEqual(forestProbeSizes(10), [1, 3, 5]);
  assert.deepEqual(forestProbeSizes(20), [1, 5, 10]);
});

test('forest: probes are the partial forests, first to last, the full forest as output', async () => {
  const runtime = await families.get('forest').runtime();
  const arch = { family: 'forest' as const, trees: 10, maxDepth: 3 };
  const result = await runtime.train(data, arch, settings, {}, 5);
  const signal = await runtime.teacherSignal(data, arch, result.weights);
  assert.deepEqual(signal.probes.map((p) => p.layer), ['trees:1', 'trees:3', 'trees:5', 'output']);
  const trees = unpackTrees(result.weights);
  for (const [probe, k] of signal.probes.map((p, i) => [p, [1, 3, 5, 10][i]] as const)) {
    const validation = predictTrees(trees, data.validation.features, data.validation.count, 6, k);
    assert.equal(probe.validationAccuracy, splitMetrics(validation, data.validation.labels, data.validation.count, data.numClasses).accuracy);
    const train = predictTrees(trees, data.train.features, data.train.count, 6, k);
    assert.deepEqual(probe.trainTrueConfidence, Float32Array.from(data.train.labels, (label, i) => train[i * 3 + label]));
  }
  assert.equal(signal.probes[3].validationAccuracy, result.validation.accuracy);
  const softmax = Array.from(signal.trainLogits.subarray(0, 3), Math.exp);
  const p = result.probabilities.train.subarray(0, 3);
  softmax.forEach((v, c) => assert.ok(Math.abs(v - Math.max(p[c], 1e-7)) < 1e-6));
});

test('tree: its teacher signal is the output alone', async () => {
  const runtime = await families.get('tree').runtime();
  const arch = { family: 'tree' as const, maxDepth: 3 };
  const result = await runtime.train(data, arch, settings, {}, 0);
  const signal = await runtime.teacherSignal(data, arch, result.weights);
  assert.deepEqual(signal.probes.map((p) => p.layer), ['output']);
  assert.equal(signal.probes[0].validationAccuracy, result.validation.accuracy);
});

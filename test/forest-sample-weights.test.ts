// Example weights multiply each tree's bootstrap counts: rows of weight 0 never reach a leaf, and
// soft targets move the forest towards its teacher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { families } from '../src/models/index.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };
const data = blobData({ dim: 4, numClasses: 3, counts: [150, 30, 60], separation: 2 });
const arch = { family: 'forest' as const, trees: 8, maxDepth: 4 };

test('forest: a class whose rows all weigh 0 gets probability 0 everywhere', async () => {
  const runtime = await families.get('forest').runtime();
  const sampleWeights = Float32Array.from(data.train.labels, (label) => (label === 2 ? 0 : 1.5));
  const result = await runtime.train(data, arch, settings, { sampleWeights }, 1);
  for (let i = 0; i < data.test.count; i++) assert.equal(result.probabilities.test[i * 3 + 2], 0);
  const plain = await runtime.train(data, arch, settings, {}, 1);
  assert.ok(plain.test.accuracy > 0.7, 'unweighted, the forest learns all three classes');
});

test('forest: soft targets from a teacher that always says class 0 pull the forest to class 0', async () => {
  const runtime = await families.get('forest').runtime();
  const teacherLogits = Float32Array.from({ length: data.train.count * 3 }, (_, i) => (i % 3 === 0 ? 5 : 0));
  const hard = await runtime.train(data, arch, settings, {}, 1);
  const soft = await runtime.train(data, arch, settings, { softTargets: { teacherLogits, temperature: 1, alpha: 0.8 } }, 1);
  const meanClass0 = (p: Float32Array) => p.filter((_, i) => i % 3 === 0).reduce((a, b) => a + b, 0) / (p.length / 3);
  assert.ok(meanClass0(soft.probabilities.test) > meanClass0(hard.probabilities.test) + 0.3);
});

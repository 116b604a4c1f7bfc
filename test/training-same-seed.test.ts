import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

test('the same seed gives identical weights, history and metrics; another seed does not', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [120, 40, 40] });
  const settings = { maxEpochs: 4, batchSize: 16, learningRate: 0.01, patience: 4 };
  const arch = { family: 'mlp' as const, hidden: [8, 4] };
  const a = await trainNode(data, arch, settings, {}, 11);
  const b = await trainNode(data, arch, settings, {}, 11);
  const c = await trainNode(data, arch, settings, {}, 12);
  assert.deepEqual(b.weights, a.weights);
  assert.deepEqual(b.history, a.history);
  assert.deepEqual(b.probabilities, a.probabilities);
  assert.deepEqual([b.train, b.validation, b.test], [a.train, a.validation, a.test]);
  assert.notDeepEqual(c.weights.values, a.weights.values);
  assert.deepEqual(c.weights.shapes, [[4, 8], [8], [8, 4], [4], [4, 3], [3]]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PreparedData, SplitPart } from '../src/core/index.js';
import { trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 5, batchSize: 16, learningRate: 0.02, patience: 5 };
const arch = { family: 'mlp' as const, hidden: [6] };

function subset(part: SplitPart, keep: (i: number) => boolean): SplitPart {
  const rows = Array.from({ length: part.count }, (_, i) => i).filter(keep);
  const width = part.features.length / part.count;
  const features = new Float32Array(rows.length * width);
  rows.forEach((r, k) => features.set(part.features.subarray(r * width, (r + 1) * width), k * width));
  return { features, labels: Int32Array.from(rows, (r) => part.labels[r]), count: rows.length };
}

test('weight-0 examples are left out: same model as training on the kept rows alone', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [120, 40, 40] });
  const keep = (i: number) => i % 4 !== 1;
  const weighted = await trainNode(data, arch, settings, { sampleWeights: Float32Array.from({ length: 120 }, (_, i) => (keep(i) ? 1 : 0)) }, 5);
  const onSubset: PreparedData = { ...data, train: subset(data.train, keep) };
  const trimmed = await trainNode(onSubset, arch, settings, {}, 5);
  // Same rows in the same seeded batch order ⇒ the same updates, bit for bit.
  assert.deepEqual(weighted.weights, trimmed.weights);
  assert.deepEqual(weighted.history, trimmed.history);
});

test('weights that drop a class make the model never predict it', async () => {
  await useWasmBackend();
  const blobs = blobData({ counts: [150, 60, 60] });
  // Validation without the dropped class too, so early stopping agrees with the weights.
  const data: PreparedData = { ...blobs, validation: subset(blobs.validation, (i) => blobs.validation.labels[i] !== 2) };
  const sampleWeights = Float32Array.from(data.train.labels, (label) => (label === 2 ? 0 : 1));
  const result = await trainNode(data, arch, { ...settings, maxEpochs: 15 }, { sampleWeights }, 3);
  const probabilities = result.probabilities.test;
  for (let i = 0; i < data.test.count; i++) {
    const row = probabilities.subarray(i * 3, i * 3 + 3);
    assert.ok(row[2] < Math.max(row[0], row[1]), `test example ${i} predicted as the dropped class`);
  }
  // Class 2 is a third of the test set, never right; the other two are learnt.
  assert.ok(result.test.accuracy <= 2 / 3 + 1e-9 && result.test.accuracy > 0.55, `test accuracy ${result.test.accuracy}`);
});

test('weights are checked against the training split', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [30, 15, 15] });
  await assert.rejects(trainNode(data, arch, settings, { sampleWeights: new Float32Array(29).fill(1) }, 1), /29 entries but the training split has 30/);
  await assert.rejects(trainNode(data, arch, settings, { sampleWeights: new Float32Array(30) }, 1), /every sample weight is 0/);
  await assert.rejects(trainNode(data, arch, { ...settings, batchSize: 0 }, {}, 1), /'batchSize' must be an integer ≥ 1/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type EpochRecord } from '../src/core/index.js';
import { trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 3, batchSize: 16, learningRate: 0.02, patience: 3 };
const arch = { family: 'mlp' as const, hidden: [4] };

test("trainOn 'rootTrain' trains on the root's reserved rows and reports on them", async () => {
  await useWasmBackend();
  const blobs = blobData({ counts: [60, 30, 30] });
  const reserved = blobData({ counts: [45, 3, 3], seed: 2 }).train;
  const data = { ...blobs, rootTrain: reserved };
  const epochs: EpochRecord[] = [];
  const root = await trainNode(data, arch, settings, {}, 1, { trainOn: 'rootTrain', onEpoch: (r) => epochs.push(r) });
  assert.equal(root.probabilities.train.length, 45 * 3);
  assert.deepEqual(epochs, root.history);
  const student = await trainNode(data, arch, settings, {}, 1);
  assert.equal(student.probabilities.train.length, 60 * 3);
  assert.notDeepEqual(root.weights.values, student.weights.values);
});

test("trainOn 'rootTrain' without reserved rows, or with transfer inputs, is a config error", async () => {
  await useWasmBackend();
  const data = blobData({ counts: [30, 15, 15] });
  await assert.rejects(trainNode(data, arch, settings, {}, 1, { trainOn: 'rootTrain' }), (e: unknown) => e instanceof ConfigError && /rootShare > 0/.test(e.message));
  const withRoot = { ...data, rootTrain: data.train };
  await assert.rejects(
    trainNode(withRoot, arch, settings, { sampleWeights: new Float32Array(30).fill(1) }, 1, { trainOn: 'rootTrain' }),
    ConfigError,
  );
});

import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../src/core/index.js';
import { modelFromWeights, predictProbabilities, trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

test('a model rebuilt from its serialised weights predicts what training measured', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [90, 30, 40] });
  const arch = { family: 'mlp' as const, hidden: [5] };
  const result = await trainNode(data, arch, { maxEpochs: 3, batchSize: 16, learningRate: 0.02, patience: 3 }, {}, 9);
  assert.equal(result.weights.values.length, 4 * 5 + 5 + 5 * 3 + 3);
  const model = modelFromWeights(arch, data.exampleShape, 3, result.weights);
  const probabilities = predictProbabilities(model, data.test.features, data.test.count);
  model.dispose();
  assert.equal(probabilities.length, 40 * 3);
  probabilities.forEach((p, i) => assert.ok(Math.abs(p - result.probabilities.test[i]) < 1e-6));
  for (let i = 0; i < 40; i++) {
    const sum = probabilities[i * 3] + probabilities[i * 3 + 1] + probabilities[i * 3 + 2];
    assert.ok(Math.abs(sum - 1) < 1e-5);
  }
  const before = tf.memory().numTensors;
  assert.throws(() => modelFromWeights({ family: 'mlp', hidden: [6] }, data.exampleShape, 3, result.weights), DataError);
  assert.equal(tf.memory().numTensors, before);
});

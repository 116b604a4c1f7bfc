import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingError } from '../src/core/index.js';
import { trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

test('training, with and without transfer inputs, leaves no tensor behind', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [90, 30, 30] });
  const settings = { maxEpochs: 3, batchSize: 16, learningRate: 0.01, patience: 2 };
  const before = tf.memory().numTensors;
  await trainNode(data, { family: 'mlp', hidden: [8] }, settings, {}, 1);
  assert.equal(tf.memory().numTensors, before, 'after a scratch run');
  const sampleWeights = Float32Array.from({ length: 90 }, (_, i) => (i % 5 === 0 ? 0 : 1 + (i % 3)));
  const teacherLogits = Float32Array.from({ length: 90 * 3 }, (_, i) => Math.sin(i));
  await trainNode(data, { family: 'mlp', hidden: [8], dropout: 0.2 }, settings, { sampleWeights, softTargets: { teacherLogits, temperature: 2, alpha: 0.5 } }, 2);
  assert.equal(tf.memory().numTensors, before, 'after a weighted KD run');
  const poisoned = { teacherLogits: new Float32Array(90 * 3).fill(Number.NaN), temperature: 2, alpha: 0.5 };
  await assert.rejects(trainNode(data, { family: 'mlp', hidden: [8] }, settings, { softTargets: poisoned }, 3), TrainingError);
  assert.equal(tf.memory().numTensors, before, 'after a failed run');
});

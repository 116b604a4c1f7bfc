import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

test('early stopping halts an overfitting run and restores the best validation-loss weights', async () => {
  await useWasmBackend();
  // 24 noisy training rows, a wide net and a high learning rate: validation loss turns up early.
  const data = blobData({ counts: [24, 120, 30], dim: 8, separation: 1.2, seed: 4 });
  const patience = 3;
  const result = await trainNode(data, { family: 'mlp', hidden: [64, 64] }, { maxEpochs: 200, batchSize: 8, learningRate: 0.02, patience }, {}, 7);
  assert.ok(result.epochs < 200, `ran all ${result.epochs} epochs`);
  const valLosses = result.history.map((r) => r.valLoss);
  const bestEpoch = valLosses.indexOf(Math.min(...valLosses)) + 1;
  // Stops exactly `patience` epochs after the best one.
  assert.equal(result.epochs, bestEpoch + patience);
  assert.ok(Math.abs(result.validation.loss - valLosses[bestEpoch - 1]) < 1e-6, `${result.validation.loss} vs best ${valLosses[bestEpoch - 1]}`);
  assert.ok(result.validation.loss < valLosses[valLosses.length - 1]);
  assert.ok(result.train.loss < result.validation.loss, 'the setup should overfit');
});

// linear training: weighted class frequencies recovered exactly when features carry nothing,
// same result for every seed, soft targets pull predictions towards the teacher, weights
// round-trip through fromWeights and the model file, and a damaged file is one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../src/core/index.js';
import { linearRuntime } from '../src/linear/index.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 5, batchSize: 16, learningRate: 0.01, patience: 2 };
const data = blobData({ dim: 4, numClasses: 3, counts: [60, 30, 30] });

test('with all-zero features the fit is the weighted class frequencies', async () => {
  const zeroed = { ...data, train: { ...data.train, features: new Float32Array(data.train.features.length) } };
  // Labels cycle 0, 1, 2; weight class-0 rows 3, class-1 rows 1, class-2 rows 0 (dropped).
  const sampleWeights = Float32Array.from(data.train.labels, (label) => [3, 1, 0][label]);
  const result = await linearRuntime.train(zeroed, { family: 'linear' }, settings, { sampleWeights }, 0);
  const p = result.probabilities.train.subarray(0, 3);
  assert.ok(Math.abs(p[0] - 0.75) < 1e-4 && Math.abs(p[1] - 0.25) < 1e-4 && p[2] < 1e-4, `probabilities ${Array.from(p)}`);
});

test('the same data gives the same weights whatever the seed', async () => {
  const a = await linearRuntime.train(data, { family: 'linear' }, settings, {}, 1);
  const b = await linearRuntime.train(data, { family: 'linear' }, settings, {}, 99);
  assert.deepEqual(a.weights, b.weights);
  assert.equal(a.history.length, a.epochs);
});

test('soft targets from a teacher that always says class 2 move predictions towards it', async () => {
  const teacherLogits = new Float32Array(data.train.count * 3);
  for (let i = 0; i < data.train.count; i++) teacherLogits[i * 3 + 2] = 5;
  const plain = await linearRuntime.train(data, { family: 'linear' }, settings, {}, 0);
  const soft = await linearRuntime.train(data, { family: 'linear' }, settings, { softTargets: { teacherLogits, temperature: 1, alpha: 0.9 } }, 0);
  const meanClass2 = (p: Float32Array) => p.filter((_, j) => j % 3 === 2).reduce((a, b) => a + b, 0) / (p.length / 3);
  assert.ok(meanClass2(soft.probabilities.test) > meanClass2(plain.probabilities.test) + 0.3);
});

test('weights round-trip through fromWeights, saveModel and loadModel; a damaged file is one line', async () => {
  const result = await linearRuntime.train(data, { family: 'linear', l2: 0.01 }, settings, {}, 0);
  assert.deepEqual(result.weights.shapes, [[5, 3]]);
  const model = linearRuntime.fromWeights({ family: 'linear' }, data.exampleShape, 3, result.weights);
  assert.deepEqual(model.predictProbabilities(data.test.features, data.test.count), result.probabilities.test);
  const dir = mkdtempSync(join(tmpdir(), 'multihop-linear-'));
  try {
    await linearRuntime.saveModel({ family: 'linear', l2: 0.01 }, data.exampleShape, 3, result.weights, dir);
    const loaded = await linearRuntime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 3 });
    assert.deepEqual(loaded.predictProbabilities(data.test.features, data.test.count), result.probabilities.test);
    await assert.rejects(linearRuntime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 4 }), (e: unknown) => e instanceof ConfigError && /3 classes/.test(e.message) && !e.message.includes('\n'));
    writeFileSync(join(dir, 'linear-model.json'), '{"format":"multihop-model"');
    await assert.rejects(linearRuntime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 3 }), (e: unknown) => e instanceof ConfigError && /linear-model\.json: not valid JSON/.test(e.message) && !e.message.includes('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

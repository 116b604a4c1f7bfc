// Soft targets: each row's class mass is (1-α)·onehot + α·softmax(z_T/τ); leaves hold the
// weighted mean mass of their rows, so training moves predictions towards the teacher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { families } from '../src/models/index.js';
import { unpackTrees } from '../src/trees/tree-arrays.js';
import { blobData } from './fixtures/training/synthetic-data.js';
import { part, treeData } from './fixtures/tree/tree-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };

test('tree: a leaf holds the mean of (1-α)·onehot + α·softmax(z/τ) over its rows', async () => {
  const runtime = await families.get('tree').runtime();
  // Rows x = 0, 1 (class A) | 5, 6 (class B). Teacher probabilities at τ = 2 (logits 2·log p):
  // 0.9/0.1, 0.7/0.3 | 0.2/0.8, 0.4/0.6. With α = 0.5 the left leaf is 0.5·[1,0] + 0.5·[0.8,0.2] = [0.9, 0.1].
  const data = treeData(part([[0], [1], [5], [6]], [0, 0, 1, 1]), 2, 1);
  const teacher = [[0.9, 0.1], [0.7, 0.3], [0.2, 0.8], [0.4, 0.6]];
  const teacherLogits = Float32Array.from(teacher.flat().map((p) => 2 * Math.log(p)));
  const result = await runtime.train(data, { family: 'tree', maxDepth: 1 }, settings, { softTargets: { teacherLogits, temperature: 2, alpha: 0.5 } }, 0);
  const [tree] = unpackTrees(result.weights);
  assert.equal(tree.threshold[0], 3);
  const close = (actual: Float32Array, expected: number[]) => expected.forEach((v, i) => assert.ok(Math.abs(actual[i] - v) < 1e-6, `${actual[i]} ≠ ${v}`));
  close(tree.value.subarray(2, 4), [0.9, 0.1]);
  close(tree.value.subarray(4, 6), [0.15, 0.85]);
});

test('tree: training on soft targets moves its predictions towards the teacher', async () => {
  const runtime = await families.get('tree').runtime();
  const data = blobData({ dim: 4, numClasses: 3, counts: [150, 30, 30], separation: 1.5 });
  // A teacher that spreads mass by a smooth function of the features, unlike the one-hot labels.
  const teacherLogits = new Float32Array(data.train.count * 3);
  for (let i = 0; i < data.train.count; i++) {
    for (let c = 0; c < 3; c++) teacherLogits[i * 3 + c] = 0.8 * data.train.features[i * 4 + c] - 0.3 * data.train.features[i * 4 + 3];
  }
  const teacherProbabilities = (row: number): number[] => {
    const e = [0, 1, 2].map((c) => Math.exp(teacherLogits[row * 3 + c]));
    return e.map((v) => v / (e[0] + e[1] + e[2]));
  };
  const distance = (probabilities: Float32Array): number => {
    let sum = 0;
    for (let i = 0; i < data.train.count; i++) teacherProbabilities(i).forEach((p, c) => (sum += Math.abs(p - probabilities[i * 3 + c])));
    return sum / data.train.count;
  };
  const arch = { family: 'tree' as const, maxDepth: 3 };
  const hard = await runtime.train(data, arch, settings, {}, 0);
  const soft = await runtime.train(data, arch, settings, { softTargets: { teacherLogits, temperature: 1, alpha: 0.9 } }, 0);
  assert.ok(distance(soft.probabilities.train) < 0.7 * distance(hard.probabilities.train), `${distance(soft.probabilities.train)} vs ${distance(hard.probabilities.train)}`);
});

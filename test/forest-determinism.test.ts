// A forest is the same for the same seed and differs for another; its trees see different
// bootstrap samples and feature subsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { families } from '../src/models/index.js';
import { unpackTrees } from '../src/trees/tree-arrays.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };
const data = blobData({ dim: 9, numClasses: 3, counts: [150, 30, 30], separation: 1.5 });
const arch = { family: 'forest' as const, trees: 5, maxDepth: 4 };

test('forest: same seed, same weights; another seed, other trees', async () => {
  const runtime = await families.get('forest').runtime();
  const a = await runtime.train(data, arch, settings, {}, 11);
  const b = await runtime.train(data, arch, settings, {}, 11);
  const c = await runtime.train(data, arch, settings, {}, 12);
  assert.deepEqual(a.weights, b.weights);
  assert.notDeepEqual(a.weights, c.weights);
  const trees = unpackTrees(a.weights);
  assert.equal(trees.length, 5);
  assert.notDeepEqual(trees[0], trees[1], 'each tree has its own bootstrap sample and feature draws');
});

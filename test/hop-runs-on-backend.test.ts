import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobBuildsTfjsModel, jobRunsOnBackend, type HopJob } from '../src/hop/index.js';
import type { Arch } from '../src/core/index.js';

const settings = { maxEpochs: 1, batchSize: 8, learningRate: 0.01, patience: 1 };
const weights = { shapes: [], values: new Float32Array(0) };
const train = (arch: Arch, extra: Partial<Extract<HopJob, { kind: 'train' }>> = {}): HopJob => ({
  kind: 'train',
  hop: { key: 'k', parentKey: null, arch, method: 'scratch', params: {}, seed: 1, role: 'scratch' },
  settings,
  ...extra,
});
const tree: Arch = { family: 'tree', maxDepth: 3 };
const mlp: Arch = { family: 'mlp', hidden: [8] };

test('a job runs on the TF.js backend when a network is trained, queried or signalled, or the user\'s model is opened', () => {
  assert.equal(jobRunsOnBackend(train(tree)), false);
  assert.equal(jobRunsOnBackend(train({ family: 'gbt', rounds: 5, maxDepth: 2 })), false);
  assert.equal(jobRunsOnBackend(train({ family: 'linear' })), false);
  assert.equal(jobRunsOnBackend(train(mlp)), true);
  assert.equal(jobRunsOnBackend(train({ family: 'cnn', convs: [{ filters: 4, kernel: 3, pool: 2 }], dense: [8] })), true);
  // A tree taught by compression queries its parent: a network parent runs on the backend.
  assert.equal(jobRunsOnBackend(train(tree, { teacherModel: { arch: mlp, weights } })), true);
  assert.equal(jobRunsOnBackend(train(tree, { teacherModel: { arch: { family: 'forest', trees: 3, maxDepth: 2 }, weights } })), false);
  assert.equal(jobRunsOnBackend(train(tree, { externalTeacher: { kind: 'onnx', path: 'm.onnx', sha256: 'x' } as never })), true);
  assert.equal(jobRunsOnBackend({ kind: 'signal', nodeKey: 'k', arch: mlp, weights, seed: 1 }), true);
  assert.equal(jobRunsOnBackend({ kind: 'signal', nodeKey: 'k', arch: tree, weights, seed: 1 }), false);
});

test('a job builds a TF.js model whatever the backend for a cnn, dropout, a network parent queried, or the user\'s model; a dense network without dropout does not', () => {
  assert.equal(jobBuildsTfjsModel(train(mlp)), false);
  assert.equal(jobBuildsTfjsModel(train({ family: 'mlp', hidden: [8], dropout: 0.2 })), true);
  assert.equal(jobBuildsTfjsModel(train({ family: 'cnn', convs: [{ filters: 4, kernel: 3, pool: 2 }], dense: [8] })), true);
  assert.equal(jobBuildsTfjsModel(train(tree)), false);
  assert.equal(jobBuildsTfjsModel(train(mlp, { teacherModel: { arch: mlp, weights } })), true);
  assert.equal(jobBuildsTfjsModel(train(mlp, { teacherModel: { arch: tree, weights } })), false);
  assert.equal(jobBuildsTfjsModel(train(tree, { externalTeacher: { kind: 'onnx', path: 'm.onnx', sha256: 'x' } as never })), true);
  assert.equal(jobBuildsTfjsModel({ kind: 'signal', nodeKey: 'k', arch: mlp, weights, seed: 1 }), false);
  assert.equal(jobBuildsTfjsModel({ kind: 'signal', nodeKey: 'k', arch: { family: 'mlp', hidden: [4], dropout: 0.5 }, weights, seed: 1 }), true);
  assert.equal(jobBuildsTfjsModel({ kind: 'signal', nodeKey: 'k', arch: tree, weights, seed: 1 }), false);
});

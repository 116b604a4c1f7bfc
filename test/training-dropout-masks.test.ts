import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.js';
import { createRng, type PreparedData } from '../src/core/index.js';
import { buildModel } from '../src/training/index.js';
import { trainNode } from '../src/training/index.js';
import { dropoutLayers, reseedDropout } from '../src/training/dropout-seeds.js';

const arch = { family: 'mlp' as const, hidden: [32], dropout: 0.5 };

function trainingOutput(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).dataSync() as Float32Array);
}

test('a seeded TF.js dropout layer repeats its mask; reseeding draws a new one per step', async () => {
  await initBackend('wasm', { quiet: true });
  const model = buildModel(arch, [8], 3, 1);
  const x = tf.ones([4, 8]);
  // The behaviour being worked around: the same mask at every call.
  assert.deepEqual(trainingOutput(model, x), trainingOutput(model, x));
  const layers = dropoutLayers(model);
  assert.equal(layers.length, 1);
  const rng = createRng(5);
  reseedDropout(layers, rng);
  const first = trainingOutput(model, x);
  reseedDropout(layers, rng);
  assert.notDeepEqual(trainingOutput(model, x), first);
  // Reproducible: the same stream gives the same masks.
  const again = createRng(5);
  reseedDropout(layers, again);
  assert.deepEqual(trainingOutput(model, x), first);
  x.dispose();
  model.dispose();
});

test('training with dropout stays deterministic for a seed', async () => {
  await initBackend('wasm', { quiet: true });
  const rng = createRng(3);
  const part = (count: number) => {
    const labels = Int32Array.from({ length: count }, (_, i) => i % 3);
    const features = Float32Array.from({ length: count * 8 }, (_, i) => labels[Math.floor(i / 8)] + rng.next());
    return { features, labels, count };
  };
  const data: PreparedData = {
    name: 'blobs', hash: 'x', exampleShape: [8], numClasses: 3, classNames: ['a', 'b', 'c'],
    featureNames: Array.from({ length: 8 }, (_, i) => `f${i}`), train: part(60), validation: part(30), test: part(30),
    standardisation: null,
    split: { seed: 0, trainFraction: 0.6, validationFraction: 0.2, rootShare: 0, standardise: 'none' },
  };
  const settings = { maxEpochs: 3, batchSize: 16, learningRate: 0.01, patience: 3 };
  const a = await trainNode(data, arch, settings, {}, 7);
  const b = await trainNode(data, arch, settings, {}, 7);
  assert.deepEqual(a.weights.values, b.weights.values);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.js';
import { buildModel } from '../src/training/index.js';
import { createRng } from '../src/core/index.js';

await initBackend('wasm', { quiet: true });

test('a small CNN fits on wasm and its loss goes down', async () => {
  // 8×8 "digits": class 1 has a bright vertical bar, class 0 a horizontal one, plus noise.
  const count = 64;
  const rng = createRng(3);
  const features = new Float32Array(count * 64);
  const labels = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    const line = 1 + rng.int(6);
    for (let p = 0; p < 64; p++) {
      const [row, col] = [Math.floor(p / 8), p % 8];
      const on = labels[i] === 1 ? col === line : row === line;
      features[i * 64 + p] = (on ? 1 : 0) + 0.3 * (rng.next() - 0.5);
    }
  }
  const model = buildModel(
    { family: 'cnn', convs: [{ filters: 4, kernel: 3, pool: 2 }, { filters: 6, kernel: 3, stride: 2, padding: 'same' }], dense: [8] },
    [64],
    2,
    1,
  );
  model.compile({ optimizer: tf.train.adam(0.02), loss: tf.losses.softmaxCrossEntropy });
  const x = tf.tensor2d(features, [count, 64]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat());
  const before = tf.memory().numTensors;
  const history = await model.fit(x, y, { epochs: 8, batchSize: 16, shuffle: false, verbose: 0 });
  const losses = history.history.loss as number[];
  assert.ok(losses.every(Number.isFinite));
  assert.ok(losses[losses.length - 1] < 0.5 * losses[0], `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  // fit creates optimizer slots once; the kernels themselves must not leak per step
  const after = tf.memory().numTensors;
  await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
  assert.equal(tf.memory().numTensors, after);
  assert.ok(after - before < 40);
  tf.dispose([x, y]);
  model.dispose();
});

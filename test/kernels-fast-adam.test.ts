import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fastAdam, fastKernelInfo, registerFastKernels } from '../src/kernels/index.js';
import { assertClose, uniformValues } from './kernels-parity-helpers.js';

registerFastKernels('wasm');
const info = fastKernelInfo();
const skip = info.native ? false : `native addon not built: ${info.reason}`;

const X = uniformValues(16 * 6, 1);
const Y = uniformValues(16 * 3, 2);
const W0 = uniformValues(6 * 3, 3);
const B0 = uniformValues(3, 4);

/** Trains y ≈ tanh(xW + b) for `steps` steps on `backend`; returns [W, b] after every step. */
async function train(backend: 'cpu' | 'wasm', makeOptimizer: () => tf.Optimizer, steps: number): Promise<Float32Array[][]> {
  await tf.setBackend(backend);
  const optimizer = makeOptimizer();
  const w = tf.variable(tf.tensor2d(W0, [6, 3]));
  const b = tf.variable(tf.tensor1d(B0));
  const x = tf.tensor2d(X, [16, 6]);
  const y = tf.tensor2d(Y, [16, 3]);
  const history: Float32Array[][] = [];
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.tanh(tf.add(tf.matMul(x, w), b)), y))) as tf.Scalar);
    history.push([w.dataSync().slice() as Float32Array, b.dataSync().slice() as Float32Array]);
  }
  tf.dispose([w, b, x, y]);
  optimizer.dispose();
  return history;
}

test('fastAdam on wasm follows tf.train.adam on cpu step by step', { skip }, async () => {
  const expected = await train('cpu', () => tf.train.adam(0.05), 6);
  const actual = await train('wasm', () => fastAdam(0.05), 6);
  actual.forEach(([w, b], step) => {
    assertClose(w, expected[step][0], 1e-5, `W after step ${step + 1}`);
    assertClose(b, expected[step][1], 1e-5, `b after step ${step + 1}`);
  });
  // The parameters moved: a no-op optimizer would fail the comparison above only by luck.
  assert.ok(Math.abs(actual[5][0][0] - W0[0]) > 0.05);
});

test('fastAdam updates in place without touching tensors that share the memory, and leaks none', { skip }, async () => {
  await tf.setBackend('wasm');
  const w = tf.variable(tf.tensor2d(W0, [6, 3]));
  const x = tf.tensor2d(X, [16, 6]);
  const optimizer = fastAdam(0.1);
  const loss = (): tf.Scalar => tf.sum(tf.square(tf.matMul(x, w)));
  optimizer.minimize(loss);
  const tensors = tf.memory().numTensors;
  // On wasm a reshape shares the variable's memory (a clone copies it): the update must not write through.
  const snapshot = tf.reshape(w, [18]);
  const before = snapshot.dataSync().slice();
  optimizer.minimize(loss);
  assert.deepEqual(snapshot.dataSync(), before, 'a reshape taken before the step keeps its values');
  assert.notDeepEqual(w.dataSync(), before, 'the variable itself moved');
  snapshot.dispose();
  optimizer.minimize(loss);
  assert.equal(tf.memory().numTensors, tensors, 'no tensors leak per step');
  tf.dispose([w, x]);
  optimizer.dispose();
});

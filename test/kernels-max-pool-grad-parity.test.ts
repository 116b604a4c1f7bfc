import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fastKernelInfo, registerFastKernels } from '../src/kernels/index.js';
import { assertClose, uniformValues, valuesOn } from './kernels-parity-helpers.js';

const registered = registerFastKernels('wasm');
const info = fastKernelInfo();
const skip = info.native ? false : `native addon not built: ${info.reason}`;

type Shape4 = [number, number, number, number];

// Odd sizes, overlapping windows (stride < size), 'same' padding (windows that hang over the edge).
const CASES: Array<{ x: Shape4; size: number | [number, number]; stride: number | [number, number]; pad: 'valid' | 'same' }> = [
  { x: [1, 1, 1, 1], size: 1, stride: 1, pad: 'valid' },
  { x: [2, 7, 9, 3], size: 2, stride: 2, pad: 'valid' },
  { x: [2, 7, 9, 3], size: 2, stride: 2, pad: 'same' },
  { x: [3, 8, 6, 5], size: 3, stride: 1, pad: 'same' },
  { x: [2, 9, 7, 4], size: [3, 2], stride: [2, 1], pad: 'valid' },
  { x: [4, 26, 26, 32], size: 2, stride: 2, pad: 'valid' },
];

test('the native MaxPoolGrad replaces the JS one on wasm', { skip }, () => {
  assert.ok(registered.includes('MaxPoolGrad'));
});

test('MaxPoolGrad on wasm (native) matches cpu: odd sizes, overlapping windows, same padding', { skip }, async () => {
  for (const [i, { x: shape, size, stride, pad }] of CASES.entries()) {
    const x = uniformValues(shape.reduce((a, b) => a * b, 1), 10 + i);
    const gradient = (): tf.Tensor =>
      tf.grad((input: tf.Tensor) => {
        const pooled = tf.maxPool(input as tf.Tensor4D, size, stride, pad);
        // A weighted sum, so every window's dy differs and a misplaced gradient shows.
        return tf.sum(tf.mul(pooled, tf.range(1, pooled.size + 1).reshape(pooled.shape)));
      })(tf.tensor4d(x, shape));
    const expected = await valuesOn('cpu', gradient);
    const actual = await valuesOn('wasm', gradient);
    assertClose(actual, expected, 1e-6 * expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1), `case ${i} ${JSON.stringify(shape)}`);
    assert.ok(expected.some((v) => v !== 0), `case ${i}: the gradient is not all zero`);
  }
});

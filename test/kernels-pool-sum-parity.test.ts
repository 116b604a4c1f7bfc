/**
 * The native MaxPoolGrad (vectorised over channels, native/pool-reduce.cc) and the native Sum over
 * leading axes (a bias gradient) against TF.js's cpu kernels, at every SIMD level this CPU runs:
 * channel counts with and without a vector tail, overlapping windows, ties (the first strict
 * maximum wins), and sums that span several 256-row blocks, with keepDims and unsorted axes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectNativeSimd } from '../src/kernels/index.js';
import { assertClose, uniformValues, valuesOn } from './kernels-parity-helpers.js';
import { restoreBestSimd, simdLevelsToTest } from './kernels-simd-helpers.js';

const { registered, skip, levels } = simdLevelsToTest();


type Shape4 = [number, number, number, number];
const POOLS: Array<{ x: Shape4; size: number; stride: number; pad: 'valid' | 'same'; ties?: boolean }> = [
  { x: [4, 26, 26, 32], size: 2, stride: 2, pad: 'valid' },
  { x: [2, 9, 8, 20], size: 2, stride: 2, pad: 'same' },
  { x: [2, 7, 7, 33], size: 3, stride: 1, pad: 'same' },
  { x: [3, 6, 6, 16], size: 2, stride: 2, pad: 'valid', ties: true },
  { x: [2, 5, 6, 9], size: 3, stride: 2, pad: 'valid', ties: true },
];

const SUMS: Array<{ shape: number[]; axis: number[]; keepDims: boolean }> = [
  { shape: [64, 11, 11, 64], axis: [0, 1, 2], keepDims: false },
  { shape: [64, 128], axis: [0], keepDims: false },
  { shape: [300, 20], axis: [0], keepDims: true },
  { shape: [3, 5, 7], axis: [1, 0], keepDims: true },
  // Empty inputs: no rows (the sum is zeros; stock wasm leaves them unwritten) and no kept columns.
  { shape: [0, 6], axis: [0], keepDims: false },
  { shape: [4, 0], axis: [0], keepDims: false },
  { shape: [2, 3, 4, 5], axis: [-4, -3], keepDims: false },
  { shape: [4, 5, 6], axis: [1], keepDims: false },
];

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

test('Sum is registered on wasm beside MaxPoolGrad', { skip }, () => {
  assert.ok(registered.includes('Sum') && registered.includes('MaxPoolGrad'));
});

for (const { level, skip } of levels) {
  test(`MaxPoolGrad matches cpu with ${level}`, { skip }, async () => {
    assert.ok(selectNativeSimd(level));
    for (const [i, c] of POOLS.entries()) {
      // Ties: values on a coarse grid, so many windows hold equal maxima.
      const x = uniformValues(size(c.x), 70 + i).map((v) => (c.ties ? Math.round(v * 2) / 2 : v));
      const gradient = (): tf.Tensor =>
        tf.grad((input: tf.Tensor) => {
          const pooled = tf.maxPool(input as tf.Tensor4D, c.size, c.stride, c.pad);
          return tf.sum(tf.mul(pooled, tf.range(1, pooled.size + 1).reshape(pooled.shape)));
        })(tf.tensor4d(x, c.x));
      const expected = await valuesOn('cpu', gradient);
      const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
      assertClose(await valuesOn('wasm', gradient), expected, 1e-6 * scale, `MaxPoolGrad ${JSON.stringify(c)}`);
    }
  });

  test(`Sum over leading axes matches cpu with ${level}`, { skip }, async () => {
    assert.ok(selectNativeSimd(level));
    for (const [i, c] of SUMS.entries()) {
      const x = uniformValues(size(c.shape), 90 + i);
      const run = (): tf.Tensor => tf.sum(tf.tensor(x, c.shape), c.axis, c.keepDims);
      const expected = await valuesOn('cpu', run);
      const actual = await valuesOn('wasm', run);
      const shapeOn = async (backend: 'cpu' | 'wasm'): Promise<number[]> => {
        await tf.setBackend(backend);
        return tf.tidy(() => run().shape);
      };
      assert.deepEqual(await shapeOn('wasm'), await shapeOn('cpu'), `Sum shape ${JSON.stringify(c)}`);
      // Rows summed per output (0 for no rows: exact zeros expected); no outputs: only the length is compared.
      const summed = expected.length === 0 ? 1 : size(c.shape) / expected.length;
      assertClose(actual, expected, 2e-6 * summed, `Sum ${JSON.stringify(c)}`);
    }
  });
}

test.after(restoreBestSimd);

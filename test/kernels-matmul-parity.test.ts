import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { fastKernelInfo, registerFastKernels, selectNativeGemm } from '../src/kernels/index.js';
import { assertClose, uniformValues, valuesOn } from './kernels-parity-helpers.js';

const registered = registerFastKernels('wasm');
const info = fastKernelInfo();
const skip = info.native ? false : `native addon not built: ${info.reason}`;
// Every GEMM's tests are registered, and skipped with the reason when it cannot run here, so that a
// missing addon or OpenBLAS shows in the test report instead of the tests silently not existing.
const gemms = (['openblas', 'own'] as const).map((gemm) => ({
  gemm,
  skip: skip || (selectNativeGemm(gemm) ? false : `${gemm} GEMM not available in this build of the native addon`),
}));

// [a shape, b shape] before transposition flags are applied; odd sizes on purpose.
const CASES: Array<{ a: number[]; b: number[] }> = [
  { a: [1, 1], b: [1, 1] },
  { a: [7, 13], b: [13, 5] },
  { a: [33, 1], b: [1, 17] },
  { a: [65, 129], b: [129, 31] },
  { a: [128, 784], b: [784, 256] },
  { a: [3, 4, 5], b: [3, 5, 6] },
  { a: [1, 4, 5], b: [3, 5, 6] },
  { a: [3, 4, 5], b: [5, 6] },
  { a: [2, 3, 4, 9], b: [2, 3, 9, 2] },
];

function transposeLast(shape: number[], flag: boolean): number[] {
  return flag ? [...shape.slice(0, -2), shape[shape.length - 1], shape[shape.length - 2]] : shape;
}

test('registerFastKernels puts the matmul kernels on wasm', { skip }, () => {
  assert.ok(registered.includes('BatchMatMul') && registered.includes('_FusedMatMul'));
  assert.deepEqual(registerFastKernels('wasm'), registered, 'a second call registers the same set again');
  assert.deepEqual(registerFastKernels('cpu'), []);
});

for (const { gemm, skip } of gemms) {
  test(`BatchMatMul matches cpu for all transpose flags, odd sizes and batch dims (${gemm} GEMM)`, { skip }, async () => {
    selectNativeGemm(gemm);
    for (const [i, { a, b }] of CASES.entries()) {
      for (const transposeA of [false, true]) {
        for (const transposeB of [false, true]) {
          const aShape = transposeLast(a, transposeA);
          const bShape = transposeLast(b, transposeB);
          const aValues = uniformValues(aShape.reduce((x, y) => x * y, 1), 10 + i);
          const bValues = uniformValues(bShape.reduce((x, y) => x * y, 1), 50 + i);
          const run = (): tf.Tensor => tf.matMul(tf.tensor(aValues, aShape), tf.tensor(bValues, bShape), transposeA, transposeB);
          const expected = await valuesOn('cpu', run);
          const actual = await valuesOn('wasm', run);
          const k = a[a.length - 1];
          assertClose(actual, expected, 2e-6 * k + 1e-6, `${JSON.stringify(a)}·${JSON.stringify(b)} tA=${transposeA} tB=${transposeB}`);
        }
      }
    }
  });

  test(`_FusedMatMul with bias and each activation matches cpu (${gemm} GEMM)`, { skip }, async () => {
    selectNativeGemm(gemm);
    const [m, k, n] = [9, 31, 14];
    const a = uniformValues(m * k, 1);
    const b = uniformValues(k * n, 2);
    const bias = uniformValues(n, 3);
    for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
      for (const transposeB of [false, true]) {
        const run = (): tf.Tensor =>
          tf.fused.matMul({
            a: tf.tensor2d(a, [m, k]),
            b: tf.tensor2d(b, transposeB ? [n, k] : [k, n]),
            transposeB,
            // Scaled so relu6 and leakyrelu see values on both sides of their knees.
            bias: tf.mul(tf.tensor1d(bias), 4),
            activation,
            leakyreluAlpha: 0.3,
          });
        assertClose(await valuesOn('wasm', run), await valuesOn('cpu', run), 1e-4, `${activation} tB=${transposeB}`);
      }
    }
  });
}

test('_FusedMatMul with prelu falls back to the stock wasm kernel', { skip }, async () => {
  const run = (): tf.Tensor =>
    tf.fused.matMul({
      a: tf.tensor2d(uniformValues(12, 4), [3, 4]),
      b: tf.tensor2d(uniformValues(20, 5), [4, 5]),
      activation: 'prelu',
      preluActivationWeights: tf.tensor1d(uniformValues(5, 6)),
    });
  assertClose(await valuesOn('wasm', run), await valuesOn('cpu', run), 1e-5, 'prelu');
});

test('matmul gradients (transposed BatchMatMuls) match cpu', { skip }, async () => {
  const x = uniformValues(32 * 30, 7);
  const w = uniformValues(30 * 11, 8);
  const run = (): tf.Tensor => {
    const [dx, dw] = tf.grads((xt: tf.Tensor, wt: tf.Tensor) => tf.sum(tf.square(tf.relu(tf.matMul(xt, wt)))))([
      tf.tensor2d(x, [32, 30]),
      tf.tensor2d(w, [30, 11]),
    ]);
    return tf.concat([dx.flatten(), dw.flatten()]);
  };
  assertClose(await valuesOn('wasm', run), await valuesOn('cpu', run), 1e-3, 'gradients');
});

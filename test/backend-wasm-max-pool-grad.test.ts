import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend, wasmMaxPoolGradConfig } from '../src/backend/index.js';
import { assertMatchesCpu, randomValues, sizeOf } from './fixtures/backend/kernel-parity.js';
import type { Shape4 } from './fixtures/backend/kernel-parity.js';

process.env.MULTIHOP_NATIVE_KERNELS = '0';
await initBackend('wasm', { quiet: true });

test('MaxPoolGrad is multihop’s on wasm', () => {
  assert.equal(tf.getKernel('MaxPoolGrad', 'wasm'), wasmMaxPoolGradConfig);
});

test('MaxPoolGrad matches cpu: pool 2/stride 2 valid, pool 3/stride 2 same, pool 3/stride 1, with ties', async () => {
  const xShape: Shape4 = [3, 7, 9, 5];
  const cases = [
    { filterSize: 2, strides: 2, pad: 'valid' },
    { filterSize: 3, strides: 2, pad: 'same' },
    { filterSize: 3, strides: 1, pad: 'valid' },
    { filterSize: 2, strides: 2, pad: 'same' },
  ] as const;
  // Rounded values make ties common: the first maximum in the window must get the gradient.
  for (const values of [randomValues(sizeOf(xShape), 5), randomValues(sizeOf(xShape), 6).map(Math.round)]) {
    for (const { filterSize, strides, pad } of cases) {
      const output = tf.tidy(() => tf.maxPool(tf.tensor4d(values, xShape), filterSize, strides, pad));
      const yShape = output.shape as Shape4;
      const inputs = {
        dy: [randomValues(sizeOf(yShape), 7), yShape],
        input: [values, xShape],
        output: [output.dataSync() as Float32Array, yShape],
      } as Record<string, [Float32Array, Shape4]>;
      output.dispose();
      await assertMatchesCpu('MaxPoolGrad', inputs, { filterSize, strides, pad }, `pool ${filterSize} stride ${strides} ${pad}`);
    }
  }
});

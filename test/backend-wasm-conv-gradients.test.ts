import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend, wasmConv2DBackpropFilterConfig } from '../src/backend/index.js';

// This file tests multihop's own kernel: keep the optional native addon's kernels out.
process.env.MULTIHOP_NATIVE_KERNELS = '0';
const info = await initBackend('wasm', { quiet: true });

/** Runs `f` on the cpu backend and returns plain numbers, then switches back to wasm. */
async function onCpu<T>(f: () => T): Promise<T> {
  await tf.setBackend('cpu');
  try {
    return f();
  } finally {
    await tf.setBackend('wasm');
  }
}

/** Calls the kernel itself (tf.conv2DBackpropFilter is not exported; conv2d's gradient uses it). */
function backpropFilter(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number,
  pad: 'same' | 'valid',
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
): tf.Tensor {
  const attrs = { strides, pad, dataFormat, filterShape } as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs) as tf.Tensor;
}

function randomValues(size: number, seed: number): Float32Array {
  return tf.tidy(() => tf.randomNormal([size], 0, 1, 'float32', seed).dataSync() as Float32Array);
}

test('the missing Conv2DBackpropFilter kernel is registered on wasm', () => {
  assert.equal(info.name, 'wasm');
  assert.ok(info.customKernels.includes('Conv2DBackpropFilter'));
  assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), wasmConv2DBackpropFilterConfig);
});

test('wasm Conv2DBackpropFilter matches cpu for strides 1, 2 × padding same, valid', async () => {
  const [batch, height, width, inC, outC] = [3, 7, 9, 2, 5];
  const xValues = randomValues(batch * height * width * inC, 1);
  for (const kernel of [3, 5]) {
    for (const stride of [1, 2] as const) {
      for (const pad of ['same', 'valid'] as const) {
        const filterShape: [number, number, number, number] = [kernel, kernel, inC, outC];
        const outShape = tf.backend_util.computeConv2DInfo([batch, height, width, inC], filterShape, stride, 1, pad).outShape;
        const dyValues = randomValues(outShape.reduce((a, b) => a * b, 1), 2 + kernel + stride);
        const run = () =>
          tf.tidy(() =>
            backpropFilter(tf.tensor4d(xValues, [batch, height, width, inC]), tf.tensor4d(dyValues, outShape), filterShape, stride, pad).dataSync() as Float32Array,
          );
        const expected = await onCpu(run);
        const before = tf.memory().numTensors;
        const actual = run();
        assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
        const scale = Math.max(...expected.map(Math.abs));
        const worst = Math.max(...actual.map((v, i) => Math.abs(v - expected[i])));
        assert.equal(actual.length, expected.length);
        assert.ok(worst <= 1e-3 * scale, `k${kernel} s${stride} ${pad}: max diff ${worst} vs scale ${scale}`);
      }
    }
  }
});

test('NCHW data format matches cpu', async () => {
  const xValues = randomValues(2 * 3 * 6 * 5, 11);
  const dyValues = randomValues(2 * 4 * 3 * 3, 12);
  const run = () =>
    tf.tidy(() => {
      const x = tf.tensor4d(xValues, [2, 3, 6, 5]);
      const dy = tf.tensor4d(dyValues, [2, 4, 3, 3]);
      return backpropFilter(x, dy, [3, 3, 3, 4], 2, 'same', 'NCHW').dataSync() as Float32Array;
    });
  const expected = await onCpu(run);
  const actual = run();
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-4, `index ${i}`);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend, wasmConv2DBackpropFilterConfig, wasmConv2DBackpropInputConfig } from '../src/backend/index.js';
import { assertMatchesCpu, randomValues, sizeOf as size } from './fixtures/backend/kernel-parity.js';
import type { Shape4 } from './fixtures/backend/kernel-parity.js';

// This file tests multihop's own kernels: keep the optional native addon's kernels out.
process.env.MULTIHOP_NATIVE_KERNELS = '0';
const info = await initBackend('wasm', { quiet: true });

type Format = 'NHWC' | 'NCHW';

/** Shapes of x, dy and the filter for a conv; spatial sizes odd on purpose (7×9). */
function shapes(kernel: number, stride: number, pad: 'same' | 'valid', format: Format) {
  const [batch, height, width, inC, outC] = [3, 7, 9, 2, 5];
  const filter: Shape4 = [kernel, kernel, inC, outC];
  const x: Shape4 = format === 'NHWC' ? [batch, height, width, inC] : [batch, inC, height, width];
  const conv = tf.backend_util.computeConv2DInfo(x, filter, stride, 1, pad, undefined, false, format === 'NHWC' ? 'channelsLast' : 'channelsFirst');
  return { x, filter, dy: conv.outShape as Shape4 };
}

const CASES = [3, 5].flatMap((kernel) =>
  [1, 2].flatMap((stride) => (['same', 'valid'] as const).map((pad) => ({ kernel, stride, pad }))),
);

test('multihop kernels are the ones registered on wasm', () => {
  assert.equal(info.name, 'wasm');
  assert.deepEqual(info.customKernels, ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad']);
  assert.equal(tf.getKernel('Conv2DBackpropFilter', 'wasm'), wasmConv2DBackpropFilterConfig);
  assert.equal(tf.getKernel('Conv2DBackpropInput', 'wasm'), wasmConv2DBackpropInputConfig);
});

for (const format of ['NHWC', 'NCHW'] as const) {
  test(`Conv2DBackpropFilter matches cpu, ${format}, kernels 3 and 5 × strides 1, 2 × padding same, valid`, async () => {
    for (const { kernel, stride, pad } of CASES) {
      const s = shapes(kernel, stride, pad, format);
      const inputs = { x: [randomValues(size(s.x), 1), s.x], dy: [randomValues(size(s.dy), 2), s.dy] } as Record<string, [Float32Array, Shape4]>;
      const attrs = { strides: stride, pad, dataFormat: format, filterShape: s.filter };
      await assertMatchesCpu('Conv2DBackpropFilter', inputs, attrs, `k${kernel} s${stride} ${pad}`);
    }
  });

  test(`Conv2DBackpropInput matches cpu, ${format}, kernels 3 and 5 × strides 1, 2 × padding same, valid`, async () => {
    for (const { kernel, stride, pad } of CASES) {
      const s = shapes(kernel, stride, pad, format);
      const inputs = { dy: [randomValues(size(s.dy), 3), s.dy], filter: [randomValues(size(s.filter), 4), s.filter] } as Record<string, [Float32Array, Shape4]>;
      const attrs = { strides: stride, pad, dataFormat: format, inputShape: s.x };
      await assertMatchesCpu('Conv2DBackpropInput', inputs, attrs, `k${kernel} s${stride} ${pad}`);
    }
  });
}

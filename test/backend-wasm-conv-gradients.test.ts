import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend, wasmConv2DBackpropFilterConfig, wasmConv2DBackpropInputConfig } from '../src/backend/index.js';
import { assertMatchesCpu, randomValues, sizeOf as size } from './fixtures/backend/kernel-parity.js';
import type { KernelInputs, Shape4 } from './fixtures/backend/kernel-parity.js';

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

/** Each gradient kernel: its inputs and attributes for a conv of the given shapes. */
type ConvShapes = ReturnType<typeof shapes>;
const KERNELS: Array<{ name: string; inputs: (s: ConvShapes) => KernelInputs; attrs: (s: ConvShapes) => object }> = [
  {
    name: 'Conv2DBackpropFilter',
    inputs: (s) => ({ x: [randomValues(size(s.x), 1), s.x], dy: [randomValues(size(s.dy), 2), s.dy] }),
    attrs: (s) => ({ filterShape: s.filter }),
  },
  {
    name: 'Conv2DBackpropInput',
    inputs: (s) => ({ dy: [randomValues(size(s.dy), 3), s.dy], filter: [randomValues(size(s.filter), 4), s.filter] }),
    attrs: (s) => ({ inputShape: s.x }),
  },
];

for (const kernelUnderTest of KERNELS) {
  for (const format of ['NHWC', 'NCHW'] as const) {
    test(`${kernelUnderTest.name} matches cpu, ${format}, kernels 3 and 5 × strides 1, 2 × padding same, valid`, async () => {
      for (const { kernel, stride, pad } of CASES) {
        const s = shapes(kernel, stride, pad, format);
        const inputs = kernelUnderTest.inputs(s);
        const attrs = { strides: stride, pad, dataFormat: format, ...kernelUnderTest.attrs(s) };
        await assertMatchesCpu(kernelUnderTest.name, inputs, attrs, `k${kernel} s${stride} ${pad}`);
      }
    });
  }
}

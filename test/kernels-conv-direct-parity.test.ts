/**
 * The direct convolution (native/conv-direct.cc: forward for Cin ≤ 16, filter gradient for
 * Cin ≤ 64) against TF.js's cpu kernels, at every SIMD level this CPU runs, on the
 * CNN's first layer and on shapes that exercise the register blocks' edges: output widths that
 * are not a multiple of the pixel block, Cout that is not a multiple of the channel block, more
 * taps than the tap block, strides, 'same' padding, dilation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectNativeSimd } from '../src/kernels/index.js';
import { assertClose, uniformValues, valuesOn } from './kernels-parity-helpers.js';
import { restoreBestSimd, simdLevelsToTest } from './kernels-simd-helpers.js';

const { skip, levels } = simdLevelsToTest();

type Shape4 = [number, number, number, number];
interface ConvCase {
  x: Shape4;
  filter: Shape4;
  stride: number | [number, number];
  pad: 'same' | 'valid';
  dilation: number;
}

const CASES: ConvCase[] = [
  { x: [8, 28, 28, 1], filter: [3, 3, 1, 32], stride: 1, pad: 'valid', dilation: 1 },
  { x: [3, 28, 28, 1], filter: [3, 3, 1, 32], stride: 1, pad: 'same', dilation: 1 },
  { x: [2, 11, 13, 1], filter: [3, 3, 1, 7], stride: 1, pad: 'valid', dilation: 1 },
  { x: [2, 9, 10, 3], filter: [3, 3, 3, 48], stride: 2, pad: 'same', dilation: 1 },
  { x: [3, 12, 9, 2], filter: [5, 5, 2, 16], stride: [2, 1], pad: 'valid', dilation: 1 },
  { x: [2, 10, 10, 4], filter: [3, 3, 4, 33], stride: 1, pad: 'same', dilation: 1 },
  { x: [2, 9, 8, 1], filter: [3, 2, 1, 5], stride: 1, pad: 'same', dilation: 2 },
  { x: [1, 3, 2, 1], filter: [1, 1, 1, 3], stride: 1, pad: 'valid', dilation: 1 },
  { x: [2, 9, 9, 16], filter: [3, 3, 16, 24], stride: 1, pad: 'same', dilation: 1 },
  { x: [2, 13, 13, 32], filter: [3, 3, 32, 64], stride: 1, pad: 'valid', dilation: 1 },
];

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const label = (c: ConvCase): string => `x ${c.x} filter ${c.filter} stride ${c.stride} pad ${c.pad} dilation ${c.dilation}`;

for (const { level, skip } of levels) {
  test(`direct Conv2D / FusedConv2D (bias, relu, leakyrelu) match cpu with ${level}`, { skip }, async () => {
    assert.ok(selectNativeSimd(level));
    for (const [i, c] of CASES.entries()) {
      const x = uniformValues(size(c.x), 10 + i);
      const w = uniformValues(size(c.filter), 20 + i);
      const bias = uniformValues(c.filter[3], 30 + i);
      const tolerance = 2e-6 * c.filter[0] * c.filter[1] * c.filter[2] + 1e-6;
      const plain = (): tf.Tensor => tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.stride, c.pad, 'NHWC', c.dilation);
      assertClose(await valuesOn('wasm', plain), await valuesOn('cpu', plain), tolerance, `Conv2D ${label(c)}`);
      for (const activation of ['relu', 'leakyrelu'] as const) {
        const fused = (): tf.Tensor =>
          tf.fused.conv2d({
            x: tf.tensor4d(x, c.x), filter: tf.tensor4d(w, c.filter), strides: c.stride, pad: c.pad,
            dilations: c.dilation, bias: tf.tensor1d(bias), activation, leakyreluAlpha: 0.3,
          });
        assertClose(await valuesOn('wasm', fused), await valuesOn('cpu', fused), tolerance, `FusedConv2D ${activation} ${label(c)}`);
      }
    }
  });

  test(`direct Conv2DBackpropFilter matches cpu with ${level}`, { skip }, async () => {
    assert.ok(selectNativeSimd(level));
    // The last case has more input channels than the direct filter gradient takes: im2col + GEMM.
    const beyond: ConvCase = { x: [2, 6, 7, 72], filter: [3, 3, 72, 5], stride: 1, pad: 'valid', dilation: 1 };
    for (const [i, c] of [...CASES.filter((k) => k.dilation === 1), beyond].entries()) {
      const x = uniformValues(size(c.x), 40 + i);
      const dyShape = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, 1, c.pad).outShape as Shape4;
      const dy = uniformValues(size(dyShape), 50 + i);
      const dw = (): tf.Tensor =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape) },
          { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const tolerance = 2e-6 * size(dyShape.slice(0, 3)) + 1e-6;
      assertClose(await valuesOn('wasm', dw), await valuesOn('cpu', dw), tolerance, `Conv2DBackpropFilter ${label(c)}`);
    }
  });
}

test('a first conv layer on the input images gets no input gradient (Conv2DBackpropInput not run)', { skip }, async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor4d(uniformValues(2 * 10 * 10 * 1, 60), [2, 10, 10, 1]);
  const w1 = tf.variable(tf.tensor4d(uniformValues(3 * 3 * 1 * 4, 61), [3, 3, 1, 4]));
  const w2 = tf.variable(tf.tensor4d(uniformValues(3 * 3 * 4 * 2, 62), [3, 3, 4, 2]));
  const profile = await tf.profile(() => {
    const { grads } = tf.variableGrads(() => tf.sum(tf.conv2d(tf.relu(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'valid')), w2 as tf.Tensor4D, 1, 'valid')));
    Object.values(grads).forEach((g) => g.dispose());
  });
  const backpropInput = profile.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length;
  assert.equal(backpropInput, 1, `Conv2DBackpropInput ran ${backpropInput} times: once for the second conv, never for the first`);
  tf.dispose([x, w1, w2]);
});

test.after(restoreBestSimd);

import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { fastKernelInfo, registerFastKernels, selectNativeGemm } from '../src/kernels/index.js';
import { assertClose, uniformValues, valuesOn } from './kernels-parity-helpers.js';

registerFastKernels('wasm');
const info = fastKernelInfo();
const skip = info.native ? false : `native addon not built: ${info.reason}`;
// Every GEMM's tests are registered, and skipped with the reason when it cannot run here, so that a
// missing addon or OpenBLAS shows in the test report instead of the tests silently not existing.
const gemms = (['openblas', 'own'] as const).map((gemm) => ({
  gemm,
  skip: skip || (selectNativeGemm(gemm) ? false : `${gemm} GEMM not available in this build of the native addon`),
}));

type Shape4 = [number, number, number, number];
interface ConvCase {
  x: Shape4;
  filter: Shape4;
  stride: number | [number, number];
  pad: 'same' | 'valid' | number;
  dilation: number;
}

// Odd sizes, strides, paddings, dilations and a pointwise (1×1) conv that skips im2col.
const CASES: ConvCase[] = [
  { x: [1, 1, 1, 1], filter: [1, 1, 1, 1], stride: 1, pad: 'valid', dilation: 1 },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'valid', dilation: 1 },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same', dilation: 1 },
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same', dilation: 1 },
  { x: [3, 8, 5, 2], filter: [5, 3, 2, 7], stride: [2, 1], pad: 'valid', dilation: 1 },
  { x: [2, 6, 6, 5], filter: [2, 2, 5, 3], stride: 1, pad: 1, dilation: 1 },
  { x: [2, 5, 7, 4], filter: [1, 1, 4, 6], stride: 1, pad: 'valid', dilation: 1 },
  { x: [4, 13, 13, 32], filter: [3, 3, 32, 64], stride: 1, pad: 'valid', dilation: 1 },
];

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);
const label = (c: ConvCase): string => `x ${c.x} filter ${c.filter} stride ${c.stride} pad ${c.pad} dilation ${c.dilation}`;
const tolerance = (c: ConvCase): number => 2e-6 * c.filter[0] * c.filter[1] * c.filter[2] + 1e-6;

function outShape(c: ConvCase): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, c.dilation, c.pad).outShape;
}

for (const { gemm, skip } of gemms) {
  test(`Conv2D and FusedConv2D (bias, relu) match cpu (${gemm} GEMM)`, { skip }, async () => {
    selectNativeGemm(gemm);
    const withDilation = [...CASES, { x: [2, 9, 8, 3], filter: [3, 2, 3, 4], stride: 1, pad: 'same', dilation: 2 } as ConvCase];
    for (const [i, c] of withDilation.entries()) {
      const x = uniformValues(size(c.x), 100 + i);
      const w = uniformValues(size(c.filter), 200 + i);
      const bias = uniformValues(c.filter[3], 300 + i);
      const plain = (): tf.Tensor => tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.stride, c.pad, 'NHWC', c.dilation);
      assertClose(await valuesOn('wasm', plain), await valuesOn('cpu', plain), tolerance(c), `Conv2D ${label(c)}`);
      const fused = (): tf.Tensor =>
        tf.fused.conv2d({
          x: tf.tensor4d(x, c.x), filter: tf.tensor4d(w, c.filter), strides: c.stride, pad: c.pad,
          dilations: c.dilation, bias: tf.tensor1d(bias), activation: 'relu',
        });
      assertClose(await valuesOn('wasm', fused), await valuesOn('cpu', fused), tolerance(c), `FusedConv2D ${label(c)}`);
    }
  });

  test(`Conv2DBackpropInput and Conv2DBackpropFilter match cpu (${gemm} GEMM)`, { skip }, async () => {
    selectNativeGemm(gemm);
    for (const [i, c] of CASES.entries()) {
      const x = uniformValues(size(c.x), 400 + i);
      const w = uniformValues(size(c.filter), 500 + i);
      const dyShape = outShape(c) as Shape4;
      const dy = uniformValues(size(dyShape), 600 + i);
      const attrs = { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
      const dx = (): tf.Tensor =>
        tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(dy, dyShape), filter: tf.tensor4d(w, c.filter) },
          { ...attrs, inputShape: c.x } as unknown as tf.NamedAttrMap) as tf.Tensor;
      // dX sums over filter taps × output channels; dW over batch × output pixels.
      const dxTolerance = 2e-6 * c.filter[0] * c.filter[1] * c.filter[3] + 1e-6;
      assertClose(await valuesOn('wasm', dx), await valuesOn('cpu', dx), dxTolerance, `Conv2DBackpropInput ${label(c)}`);
      const dw = (): tf.Tensor =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape) },
          { ...attrs, filterShape: c.filter } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const dwTolerance = 2e-6 * size(dyShape.slice(0, 3)) + 1e-6;
      assertClose(await valuesOn('wasm', dw), await valuesOn('cpu', dw), dwTolerance, `Conv2DBackpropFilter ${label(c)}`);
    }
  });
}

test('a conv → pool → dense gradient (what CNN training runs) matches cpu', { skip }, async () => {
  const x = uniformValues(4 * 12 * 12 * 2, 700);
  const w1 = uniformValues(3 * 3 * 2 * 5, 701);
  const w2 = uniformValues(5 * 5 * 5 * 3, 702);
  const run = (): tf.Tensor => {
    const loss = (filter: tf.Tensor, dense: tf.Tensor): tf.Scalar => {
      const h = tf.maxPool(tf.relu(tf.conv2d(tf.tensor4d(x, [4, 12, 12, 2]), filter as tf.Tensor4D, 1, 'valid')), 2, 2, 'valid');
      return tf.sum(tf.square(tf.matMul(tf.reshape(h, [4, 125]), dense as tf.Tensor2D)));
    };
    const [g1, g2] = tf.grads(loss)([tf.tensor4d(w1, [3, 3, 2, 5]), tf.tensor2d(w2, [125, 3])]);
    return tf.concat([g1.flatten(), g2.flatten()]);
  };
  const expected = await valuesOn('cpu', run);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assertClose(await valuesOn('wasm', run), expected, 1e-5 * scale, 'conv net gradients');
});

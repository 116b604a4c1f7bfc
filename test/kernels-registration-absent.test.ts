import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

// As on a machine where the addon could not be built: the switch makes the loader find nothing.
process.env.MULTIHOP_NATIVE_KERNELS = '0';
const { fastKernelInfo, registerFastKernels } = await import('../src/kernels/index.js');

test('without the native addon registerFastKernels registers nothing and says why', async () => {
  const stock = tf.getKernel('BatchMatMul', 'wasm');
  assert.deepEqual(registerFastKernels('wasm'), []);
  assert.equal(tf.getKernel('BatchMatMul', 'wasm'), stock, 'the stock kernel stays registered');
  const info = fastKernelInfo();
  assert.equal(info.native, false);
  assert.equal(info.gemm, null);
  assert.match(info.reason ?? '', /MULTIHOP_NATIVE_KERNELS=0/);
  await tf.setBackend('wasm');
  const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
  assert.deepEqual(Array.from(product.dataSync()), [19, 22, 43, 50]);
});

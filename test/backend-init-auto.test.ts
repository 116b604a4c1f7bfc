import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, initBackend } from '../src/backend/index.js';

test('without tfjs-node installed, the automatic choice is wasm with SIMD', async () => {
  delete process.env.MULTIHOP_BACKEND;
  const info = await initBackend(undefined, { quiet: true });
  assert.equal(info.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(info.package, '@tensorflow/tfjs-backend-wasm 4.22.0');
  assert.equal(info.threads, 1);
  assert.equal(info.simd, true);
  assert.ok(info.customKernels.includes('Conv2DBackpropFilter'));
  assert.match(describeBackend(info), /^wasm \(@tensorflow\/tfjs-backend-wasm 4\.22\.0, 1 thread, SIMD, .*\+Conv2DBackpropFilter/);
});

test('a second call returns the cached choice', async () => {
  const first = await initBackend(undefined, { quiet: true });
  assert.equal(await initBackend('cpu', { quiet: true }), first);
  assert.equal(tf.getBackend(), 'wasm');
});

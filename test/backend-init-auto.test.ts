import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, initBackend } from '../src/backend/index.js';

// tfjs-node(-gpu) are optional dependencies: where they install (internet at install time), the
// automatic choice is theirs, and the wasm expectations below do not apply.
const require = createRequire(import.meta.url);
const nativeInstalled = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'].filter((name) => {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
});

test(
  'without tfjs-node installed, the automatic choice is wasm with SIMD',
  { skip: nativeInstalled.length > 0 && `${nativeInstalled.join(' and ')} installed: the automatic choice is native` },
  async () => {
    delete process.env.MULTIHOP_BACKEND;
    const info = await initBackend(undefined, { quiet: true });
    assert.equal(info.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(info.package, '@tensorflow/tfjs-backend-wasm 4.22.0');
    assert.equal(info.threads, 1);
    assert.equal(info.simd, true);
    assert.ok(info.customKernels.includes('Conv2DBackpropFilter'));
    assert.match(describeBackend(info), /^wasm \(@tensorflow\/tfjs-backend-wasm 4\.22\.0, 1 thread, SIMD, .*\+Conv2DBackpropFilter/);
  },
);

test('with tfjs-node installed, the automatic choice is a native backend unless it fails to load', { skip: nativeInstalled.length === 0 && 'tfjs-node is not installed here' }, async () => {
  delete process.env.MULTIHOP_BACKEND;
  const info = await initBackend(undefined, { quiet: true });
  assert.ok(['tensorflow-gpu', 'tensorflow', 'wasm'].includes(info.name), `got ${info.name}`);
});

test('a second call returns the cached choice', async () => {
  const first = await initBackend(undefined, { quiet: true });
  const active = tf.getBackend();
  assert.equal(await initBackend('cpu', { quiet: true }), first);
  assert.equal(tf.getBackend(), active);
});

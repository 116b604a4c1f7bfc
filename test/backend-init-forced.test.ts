import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { BackendError, ConfigError } from '../src/core/index.js';
import { initBackend } from '../src/backend/index.js';

test('an unknown backend name is a ConfigError naming the choices', async () => {
  await assert.rejects(initBackend('gpu', { quiet: true }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.message, "--backend: unknown backend 'gpu'; expected one of tensorflow-gpu, tensorflow, wasm, cpu");
    return true;
  });
  process.env.MULTIHOP_BACKEND = 'fast';
  await assert.rejects(initBackend(undefined, { quiet: true }), /^ConfigError: MULTIHOP_BACKEND: unknown backend 'fast'/);
});

test('a forced backend that is not installed is a one-line BackendError', async () => {
  await assert.rejects(initBackend('tensorflow', { quiet: true }), (error: unknown) => {
    assert.ok(error instanceof BackendError);
    assert.match(error.message, /^backend 'tensorflow' is unavailable \(.*\); install @tensorflow\/tfjs-node or choose another/);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
});

test('MULTIHOP_BACKEND=cpu forces the cpu backend, and the choice is printed once', async () => {
  process.env.MULTIHOP_BACKEND = 'cpu';
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const info = await initBackend();
    assert.deepEqual(info, { name: 'cpu', package: `@tensorflow/tfjs ${tf.version.tfjs}`, threads: 1, customKernels: [] });
    await initBackend();
  } finally {
    process.stderr.write = write;
    delete process.env.MULTIHOP_BACKEND;
  }
  assert.equal(tf.getBackend(), 'cpu');
  assert.deepEqual(lines, [`multihop: backend cpu (@tensorflow/tfjs ${tf.version.tfjs}, 1 thread)\n`]);
});

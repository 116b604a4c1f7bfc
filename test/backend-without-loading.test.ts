import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { cpuBackendWithoutLoading } from '../src/backend/backend-choices.js';
import { backendName, FLOAT32_EPSILON } from '../src/backend/backend-state.js';

test('the CPU backend a run would start is known without TF.js only where loading it cannot change the answer', () => {
  const saved = process.env.MULTIHOP_BACKEND;
  try {
    delete process.env.MULTIHOP_BACKEND;
    assert.equal(cpuBackendWithoutLoading('wasm'), 'wasm');
    assert.equal(cpuBackendWithoutLoading('cpu'), 'cpu');
    assert.equal(cpuBackendWithoutLoading('tensorflow'), null);
    assert.equal(cpuBackendWithoutLoading('tensorflow-gpu'), null);
    assert.equal(cpuBackendWithoutLoading('webgl'), null, 'not a backend: initBackend says so');
    // The automatic order tries tfjs-node first: only its absence makes wasm certain.
    const resolvable = (pkg: string) => {
      try {
        createRequire(import.meta.url).resolve(pkg);
        return true;
      } catch {
        return false;
      }
    };
    const nodeInstalled = resolvable('@tensorflow/tfjs-node') || resolvable('@tensorflow/tfjs-node-gpu');
    assert.equal(cpuBackendWithoutLoading(), nodeInstalled ? null : 'wasm');
    assert.equal(cpuBackendWithoutLoading(''), nodeInstalled ? null : 'wasm');
    process.env.MULTIHOP_BACKEND = 'cpu';
    assert.equal(cpuBackendWithoutLoading(), 'cpu');
    assert.equal(cpuBackendWithoutLoading('wasm'), 'wasm', 'the flag wins over the environment');
    process.env.MULTIHOP_BACKEND = 'tensorflow';
    assert.equal(cpuBackendWithoutLoading(), null);
  } finally {
    if (saved === undefined) delete process.env.MULTIHOP_BACKEND;
    else process.env.MULTIHOP_BACKEND = saved;
  }
});

test('backend-state answers TF.js\'s backend once TF.js is loaded, and its epsilon is the float32 backends\'', async () => {
  // This file loads no TF.js until here.
  assert.equal(backendName(), null);
  const tf = await import('../src/backend/tfjs.js');
  for (const name of ['cpu', 'wasm']) {
    if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    assert.ok(await tf.setBackend(name), name);
    assert.equal(backendName(), name);
    assert.equal(tf.backend().epsilon(), FLOAT32_EPSILON, name);
  }
});

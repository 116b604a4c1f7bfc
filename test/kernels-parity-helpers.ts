/** Shared by the kernels-*.test.ts files: seeded inputs, cpu-vs-wasm runs, float32 closeness. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '../src/core/index.js';

/** Uniform values in [-1, 1), reproducible from `seed`. */
export function uniformValues(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => 2 * rng.next() - 1);
}

/** Runs `f` on `backend` and returns its result as plain numbers. */
export async function valuesOn(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => f().dataSync() as Float32Array).slice();
}

/** Element-wise |actual − expected| ≤ tolerance, reporting the worst element. */
export function assertClose(actual: Float32Array, expected: Float32Array, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= worst)) {
      worst = diff;
      at = i;
    }
  }
  assert.ok(worst <= tolerance, `${what}: element ${at} is ${actual[at]}, cpu says ${expected[at]} (|diff| ${worst} > ${tolerance})`);
}

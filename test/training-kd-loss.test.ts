import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossEntropy, kdLoss } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';

// Two examples, three classes, τ = 2.
// Example 1: z_S = [0,0,0], y = 0, z_T = [2·ln2, 0, 0].
//   CE = -ln(1/3) = ln 3 = 1.0986123
//   z_T/τ = [ln2,0,0] → p = [2,1,1]/4 = [0.5,0.25,0.25];  z_S/τ = 0 → q = [1/3,1/3,1/3]
//   KL(p‖q) = 0.5·ln(1.5) + 2·0.25·ln(0.75) = 0.2027326 − 0.1438410 = 0.0588915
// Example 2: z_S = [0, 2·ln3, 0], y = 1, z_T = [0,0,0].
//   softmax(z_S) = [1,9,1]/11 → CE = ln(11/9) = 0.2006707
//   z_S/τ = [0,ln3,0] → q = [1,3,1]/5 = [0.2,0.6,0.2];  p = [1/3,1/3,1/3]
//   KL(p‖q) = (1/3)·(2·ln(5/3) + ln(5/9)) = (1/3)·(1.0216512 − 0.5877867) = 0.1446215
// α = 0.5: ℓ = 0.5·CE + 0.5·τ²·KL = 0.5·CE + 2·KL
//   ℓ_1 = 0.5493061 + 0.1177830 = 0.6670891;  ℓ_2 = 0.1003354 + 0.2892431 = 0.3895784
const LN2 = Math.log(2);
const LN3 = Math.log(3);
const student = [0, 0, 0, 0, 2 * LN3, 0];
const teacher = [2 * LN2, 0, 0, 0, 0, 0];
const labels = [1, 0, 0, 0, 1, 0];

function kd(temperature: number, alpha: number): number[] {
  return tf.tidy(() =>
    Array.from(
      kdLoss(tf.tensor2d(student, [2, 3]), tf.tensor2d(teacher, [2, 3]), tf.tensor2d(labels, [2, 3]), temperature, alpha).dataSync(),
    ),
  );
}

function assertClose(actual: number[], expected: number[], tolerance = 1e-5): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) < tolerance, `entry ${i}: ${a} vs ${expected[i]}`));
}

test('KD loss mixes hard CE and τ²-scaled KL with α on the soft term', async () => {
  await useWasmBackend();
  assertClose(kd(2, 0.5), [0.6670891, 0.3895784]);
});

test('KD loss with α = 0 is the hard cross-entropy alone', async () => {
  await useWasmBackend();
  assertClose(kd(2, 0), [1.0986123, 0.2006707]);
  const ce = tf.tidy(() => Array.from(crossEntropy(tf.tensor2d(student, [2, 3]), tf.tensor2d(labels, [2, 3])).dataSync()));
  assertClose(ce, [1.0986123, 0.2006707]);
});

test('KD loss with α = 1 is τ²·KL alone (τ² = 4 here)', async () => {
  await useWasmBackend();
  // 4 × 0.0588915 = 0.2355661;  4 × 0.1446215 = 0.5784861
  assertClose(kd(2, 1), [0.2355661, 0.5784861]);
});

test('KD loss of a student that copies the teacher is its CE share alone', async () => {
  await useWasmBackend();
  // KL(p‖p) = 0, so ℓ = (1-α)·CE: with z_S = z_T = [0,0,0], y = 0: 0.3 · ln 3 = 0.3295837
  const loss = tf.tidy(() =>
    Array.from(kdLoss(tf.zeros([1, 3]), tf.zeros([1, 3]), tf.tensor2d([[1, 0, 0]]), 4, 0.7).dataSync()),
  );
  assertClose(loss, [0.3295837]);
});

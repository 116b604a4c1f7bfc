import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '../src/backend/tfjs.js';
import { createRng } from '../src/core/index.js';
import { teacherSoftTargets } from '../src/training/kd-loss.js';
import { softTargetArrays } from '../src/training/soft-targets.js';
import { useWasmBackend } from './fixtures/training/backend.js';

test('soft targets on plain arrays are TF.js\'s softmax(z/τ) and Σ p·log p within float rounding', async () => {
  await useWasmBackend();
  const rng = createRng(7);
  for (const [rows, classes, temperature, scale] of [[200, 10, 4, 3], [150, 2, 1, 8], [100, 3, 0.5, 20], [50, 26, 2, 60], [1, 5, 3, 1]] as const) {
    const logits = Float32Array.from({ length: rows * classes }, () => (rng.next() * 2 - 1) * scale);
    // Ties, a dominant class and equal rows: softmax's edge cases.
    if (rows > 2) {
      logits.fill(1.5, 0, classes);
      logits[classes] = 80;
    }
    const input = tf.tensor2d(logits, [rows, classes]);
    const reference = teacherSoftTargets(input, temperature);
    const expected = { p: reference.probabilities.dataSync(), h: reference.negEntropy.dataSync() };
    tf.dispose([input, reference.probabilities, reference.negEntropy]);
    const actual = softTargetArrays(logits, rows, classes, temperature);
    const what = `${rows}×${classes} τ=${temperature}`;
    actual.probabilities.forEach((p, i) => assert.ok(Math.abs(p - expected.p[i]) <= 2e-7 + 1e-6 * expected.p[i], `${what}: p[${i}] ${p} vs ${expected.p[i]}`));
    actual.negEntropy.forEach((h, i) => assert.ok(Math.abs(h - expected.h[i]) <= 1e-6 * (1 + Math.abs(expected.h[i])), `${what}: h[${i}] ${h} vs ${expected.h[i]}`));
    for (let r = 0; r < rows; r++) {
      const sum = actual.probabilities.subarray(r * classes, (r + 1) * classes).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `${what}: row ${r} sums to ${sum}`);
    }
  }
});

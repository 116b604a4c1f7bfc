import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DataError } from '../src/core/index.js';
import { transferMethods } from '../src/transfer/index.js';
import { handLabels, handScratch, handTeacher } from './fixtures/training/teacher-signal-fixture.js';

const sratio = transferMethods.get('sratio');
// Output-probe confidences c = [0.9, 0.7, 1.0, 0.6]; scratch confidences s = [0.9, 0.35, 0.0001, 0.1].
// Ratios with clip ε = 1e-3: 0.9/0.9 = 1, 0.7/0.35 = 2, 1.0/max(0.0001, 0.001) = 1000, 0.6/0.1 = 6.
const ctx = () => ({
  trainLabels: handLabels,
  numClasses: 3,
  teacher: handTeacher(),
  studentScratch: handScratch(0.75, [0.9, 0.35, 0.0001, 0.1]),
});

function assertClose(actual: Float32Array | undefined, expected: number[]): void {
  assert.ok(actual);
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) / Math.max(1, expected[i]) < 1e-5, `weight ${i}: ${a} vs ${expected[i]}`));
}

test('weights are c_i / s_i, and ratios above β are dropped to 0', () => {
  // β = 3: keeps 1 and 2, drops 1000 and 6.
  const result = sratio.prepare(ctx(), { beta: 3, normalise: 'none' });
  assertClose(result.inputs.sampleWeights, [1, 2, 0, 0]);
  assert.equal(result.params.dropped, 2);
  assert.equal(result.params.keptProbes, 'output');
  assert.equal(result.params.probeSelection, 'output');
  // β = 7 keeps the ratio 6 too.
  assertClose(sratio.prepare(ctx(), { beta: 7, normalise: 'none' }).inputs.sampleWeights, [1, 2, 0, 6]);
});

test('mean-one normalisation scales the kept weights to average 1', () => {
  // Kept [1, 2] have mean 1.5 → [2/3, 4/3, 0, 0]
  const result = sratio.prepare(ctx(), { beta: 3 });
  assertClose(result.inputs.sampleWeights, [2 / 3, 4 / 3, 0, 0]);
  assert.equal(result.params.normalise, 'mean-one');
});

test('tiny scratch confidences are clipped at ε before dividing', () => {
  // s_3 = 0.0001 → max(0.0001, 0.001) = 0.001 → ratio 1000, kept under β = 1000.
  const clipped = sratio.prepare(ctx(), { beta: 1000, normalise: 'none' });
  assertClose(clipped.inputs.sampleWeights, [1, 2, 1000, 6]);
  assert.equal(clipped.params.clip, 1e-3);
  // With ε = 1e-4 the ratio is 1.0/0.0001 = 10000 > 1000: dropped.
  const unclipped = sratio.prepare(ctx(), { beta: 1000, clip: 1e-4, normalise: 'none' });
  assertClose(unclipped.inputs.sampleWeights, [1, 2, 0, 6]);
});

test('c_i averages the probes kept by the margin rule', () => {
  // Scratch accuracy 0.75, α = 1 → hidden_1 and output: c = [0.65, 0.55, 0.9, 0.5]
  // s = [0.9, 0.35, 0.001 (clipped), 0.1] → ratios [0.722222, 1.571429, 900, 5]; β = 5 drops 900.
  const result = sratio.prepare(ctx(), { beta: 5, probeSelection: 'margin', margin: 1, normalise: 'none' });
  assertClose(result.inputs.sampleWeights, [0.65 / 0.9, 0.55 / 0.35, 0, 5]);
  assert.equal(result.params.keptProbes, 'hidden_1,output');
  assert.equal(result.params.dropped, 1);
});

test('every example dropped, or no scratch student, is refused with a reason', () => {
  assert.throws(() => sratio.prepare(ctx(), { beta: 0.5 }), DataError);
  assert.throws(
    () => sratio.prepare({ trainLabels: handLabels, numClasses: 3, teacher: handTeacher() }, {}),
    (error: unknown) => error instanceof ConfigError && /student trained from scratch/.test(error.message),
  );
  assert.throws(() => sratio.prepare(ctx(), { beta: -1 }), /'beta' must be a number > 0/);
});

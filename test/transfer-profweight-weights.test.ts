import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/core/index.js';
import { transferMethods } from '../src/transfer/index.js';
import { handLabels, handScratch, handTeacher } from './fixtures/training/teacher-signal-fixture.js';

const profweight = transferMethods.get('profweight');
const ctx = (scratchAccuracy?: number) => ({
  trainLabels: handLabels,
  numClasses: 3,
  teacher: handTeacher(),
  studentScratch: scratchAccuracy === undefined ? undefined : handScratch(scratchAccuracy, [0.5, 0.5, 0.5, 0.5]),
});

function assertClose(actual: Float32Array | undefined, expected: number[]): void {
  assert.ok(actual);
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) < 1e-6, `weight ${i}: ${a} vs ${expected[i]}`));
}

test('margin keeps probes at least α × the scratch accuracy and averages their confidences', () => {
  // Scratch accuracy 0.75, α = 1 → threshold 0.75: hidden_1 (0.8) and output (0.9) pass, hidden_0 (0.6) not.
  // Raw w = mean(hidden_1, output) = [0.65, 0.55, 0.9, 0.5]
  const raw = profweight.prepare(ctx(0.75), { probeSelection: 'margin', margin: 1, normalise: 'none' });
  assertClose(raw.inputs.sampleWeights, [0.65, 0.55, 0.9, 0.5]);
  assert.equal(raw.params.keptProbes, 'hidden_1,output');
  assert.equal(raw.params.noProbeQualified, false);
  assert.equal(raw.params.normalise, 'none');
  // α = 0.7 → threshold 0.525: all three kept.
  // w = [(0.2+0.4+0.9)/3, (0.4+0.4+0.7)/3, (0.6+0.8+1.0)/3, (0.8+0.4+0.6)/3] = [0.5, 0.5, 0.8, 0.6]
  const all = profweight.prepare(ctx(0.75), { probeSelection: 'margin', margin: 0.7, normalise: 'none' });
  assertClose(all.inputs.sampleWeights, [0.5, 0.5, 0.8, 0.6]);
  assert.equal(all.params.keptProbes, 'hidden_0,hidden_1,output');
});

test('mean-one normalisation divides by the mean weight', () => {
  // Raw [0.65, 0.55, 0.9, 0.5], mean 2.6/4 = 0.65 → [1, 0.846154, 1.384615, 0.769231]
  const result = profweight.prepare(ctx(0.75), { probeSelection: 'margin', margin: 1 });
  assertClose(result.inputs.sampleWeights, [1, 0.55 / 0.65, 0.9 / 0.65, 0.5 / 0.65]);
  assert.equal(result.params.normalise, 'mean-one');
});

test('top-k keeps the k deepest probes and needs no scratch student', () => {
  // k = 1 → output alone: [0.9, 0.7, 1.0, 0.6], mean 0.8 → [1.125, 0.875, 1.25, 0.75]
  const top1 = profweight.prepare(ctx(), { probeSelection: 'top-k', topK: 1 });
  assertClose(top1.inputs.sampleWeights, [1.125, 0.875, 1.25, 0.75]);
  assert.equal(top1.params.keptProbes, 'output');
  // k = 2 → hidden_1 and output: raw [0.65, 0.55, 0.9, 0.5]
  const top2 = profweight.prepare(ctx(), { probeSelection: 'top-k', topK: 2, normalise: 'none' });
  assertClose(top2.inputs.sampleWeights, [0.65, 0.55, 0.9, 0.5]);
  assert.equal(top2.params.keptProbes, 'hidden_1,output');
});

test('when no probe passes the margin the output probe alone is kept and recorded', () => {
  // α = 1.5 → threshold 1.125 > every probe accuracy.
  const result = profweight.prepare(ctx(0.75), { probeSelection: 'margin', margin: 1.5, normalise: 'none' });
  assertClose(result.inputs.sampleWeights, [0.9, 0.7, 1.0, 0.6]);
  assert.equal(result.params.keptProbes, 'output');
  assert.equal(result.params.noProbeQualified, true);
});

test('the margin rule without a scratch student, or without a teacher, is a config error', () => {
  assert.throws(() => profweight.prepare(ctx(), { probeSelection: 'margin' }), ConfigError);
  assert.throws(() => profweight.prepare({ trainLabels: handLabels, numClasses: 3 }, {}), ConfigError);
  assert.throws(() => profweight.prepare(ctx(0.75), { probeSelection: 'best' }), /probeSelection' must be one of 'margin', 'top-k'/);
});

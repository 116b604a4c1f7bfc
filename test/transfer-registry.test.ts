import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/core/index.js';
import { transferMethods } from '../src/transfer/index.js';
import { handLabels, handScratch, handTeacher } from './fixtures/training/teacher-signal-fixture.js';

test('the registry holds the five methods and lists them for an unknown key', () => {
  assert.deepEqual(transferMethods.keys(), ['compression', 'kd', 'profweight', 'scratch', 'sratio']);
  assert.throws(
    () => transferMethods.get('distill'),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message === "unknown transfer method 'distill'; known: compression, kd, profweight, scratch, sratio",
  );
});

test('every default grid entry of every method prepares inputs for the training split', () => {
  const ctx = {
    trainLabels: handLabels,
    numClasses: 3,
    teacher: handTeacher(),
    studentScratch: handScratch(0.75, [0.5, 0.5, 0.5, 0.5]),
    trainRows: { features: Float32Array.from([0, 1, 1, 0, 2, 2, 3, 1]), width: 2, featureNames: ['a', 'b'] },
    seed: 1,
    teacherModel: { predictProbabilities: (_features: Float32Array, count: number) => new Float32Array(count * 3).fill(1 / 3) },
  };
  for (const key of transferMethods.keys()) {
    const method = transferMethods.get(key);
    assert.equal(method.key, key);
    assert.ok(method.defaultGrid.length >= 1 && method.defaultGrid.length <= 4, `${key}: small grid`);
    for (const params of method.defaultGrid) {
      const { inputs, params: resolved } = method.prepare(ctx, params);
      if (inputs.sampleWeights) assert.equal(inputs.sampleWeights.length, handLabels.length);
      if (inputs.softTargets) assert.equal(inputs.softTargets.teacherLogits.length, handLabels.length * 3);
      // Grid entries are recorded as given, plus the resolved defaults.
      for (const [name, value] of Object.entries(params)) assert.deepEqual(resolved[name], value, `${key}.${name}`);
    }
  }
});

test('kd fills τ = 4, α = 0.7 and records that α weights the soft term', () => {
  const kd = transferMethods.get('kd');
  const teacher = handTeacher();
  const { inputs, params } = kd.prepare({ trainLabels: handLabels, numClasses: 3, teacher }, {});
  assert.deepEqual(params, { temperature: 4, alpha: 0.7, convention: 'alpha-weights-soft' });
  assert.equal(inputs.softTargets?.teacherLogits, teacher.trainLogits);
  assert.equal(inputs.sampleWeights, undefined);
  assert.throws(() => kd.prepare({ trainLabels: handLabels, numClasses: 3, teacher }, { alpha: 1.5 }), /'alpha' must be a number in \[0, 1\]/);
  assert.throws(() => kd.prepare({ trainLabels: handLabels, numClasses: 3 }, {}), /needs the parent's teacher signal/);
});

test('scratch needs nothing and gives plain inputs', () => {
  const scratch = transferMethods.get('scratch');
  assert.equal(scratch.needsTeacher, false);
  assert.deepEqual(scratch.prepare({ trainLabels: handLabels, numClasses: 3 }, {}), { inputs: {}, params: {} });
});

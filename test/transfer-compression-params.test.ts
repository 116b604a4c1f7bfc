// The compression method's parameters (size, p, s, labels), what it records with the node, and the
// teacher's labels on the synthetic rows: soft (its probabilities) or hard (one-hot argmax).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, deriveSeed } from '../src/core/index.js';
import { munge, mungeAttributes, transferMethods, type TransferContext } from '../src/transfer/index.js';

const compression = transferMethods.get('compression');
const trainLabels = Int32Array.from([0, 1, 2, 0]);
const trainRows = { features: Float32Array.from([0, 0, 10, 0, 0, 2, 20, 0]), width: 2, featureNames: ['a', 'b'] };

/** A teacher answering [0.2, 0.8, 0] on every row, recording what it was asked. */
function constantTeacher() {
  const asked: Float32Array[] = [];
  return {
    asked,
    predictProbabilities(features: Float32Array, count: number): Float32Array {
      asked.push(features.slice());
      const out = new Float32Array(count * 3);
      for (let i = 0; i < count; i++) out.set([0.2, 0.8, 0], i * 3);
      return out;
    },
  };
}

const ctx = (teacherModel = constantTeacher()): TransferContext => ({ trainLabels, numClasses: 3, trainRows, seed: 5, teacherModel });

test('validateParams fills size 5, p 0.5, s 10, soft labels and names the entry in one-line errors', () => {
  const where = 'space.json: methods.compression[0]';
  assert.deepEqual(compression.validateParams({}, where), { size: 5, p: 0.5, s: 10, labels: 'soft' });
  assert.deepEqual(compression.validateParams({ size: 2, labels: 'hard' }, where), { size: 2, p: 0.5, s: 10, labels: 'hard' });
  const cases: Array<[Record<string, number | string>, string]> = [
    [{ size: 0 }, "space.json: methods.compression[0]: compression parameter 'size' must be an integer in [1, 100]; got 0"],
    [{ size: 2.5 }, "space.json: methods.compression[0]: compression parameter 'size' must be an integer in [1, 100]; got 2.5"],
    [{ p: 1.5 }, "space.json: methods.compression[0]: compression parameter 'p' must be a number in [0, 1]; got 1.5"],
    [{ s: 0 }, "space.json: methods.compression[0]: compression parameter 's' must be a number > 0; got 0"],
    [{ labels: 'fuzzy' }, "space.json: methods.compression[0]: compression parameter 'labels' must be one of 'soft', 'hard'; got \"fuzzy\""],
    [{ k: 3 }, "space.json: methods.compression[0]: unknown parameter 'k'; known: labels, p, s, size"],
  ];
  for (const [params, message] of cases) {
    assert.throws(() => compression.validateParams(params, where), (error: unknown) => error instanceof ConfigError && error.message === message);
  }
  assert.deepEqual(compression.defaultGrid, [{ size: 2 }, { size: 5 }]);
  assert.equal(compression.needsTeacherModel, true);
  assert.equal(compression.needsTeacher, false);
});

test('soft labels are the teacher\'s probabilities on exactly the MUNGE rows of the hop\'s seed; the node records the convention', () => {
  const teacher = constantTeacher();
  const { inputs, params } = compression.prepare(ctx(teacher), { size: 3 });
  const rows = { features: trainRows.features, count: 4, width: 2 };
  const expected = munge(rows, mungeAttributes(trainRows.featureNames, rows), { size: 3, p: 0.5, s: 10, seed: deriveSeed(5, 'munge') });
  assert.equal(teacher.asked.length, 1);
  assert.deepEqual(teacher.asked[0], expected.features);
  const extra = inputs.extraRows;
  assert.ok(extra);
  assert.equal(extra.count, 12);
  assert.deepEqual(extra.features, expected.features);
  for (let i = 0; i < 12; i++) {
    assert.deepEqual(Array.from(extra.targets.subarray(i * 3, i * 3 + 3)).map((q) => Math.round(q * 1e6) / 1e6), [0.2, 0.8, 0]);
  }
  assert.equal(inputs.sampleWeights, undefined);
  assert.equal(inputs.softTargets, undefined);
  assert.deepEqual(params, {
    size: 3,
    p: 0.5,
    s: 10,
    labels: 'soft',
    syntheticRows: 12,
    nominalAttributes: 0,
    convention: 'munge-nearest-in-train-split',
  });
});

test('hard labels are one-hot at the teacher\'s argmax', () => {
  const { inputs, params } = compression.prepare(ctx(), { size: 1, labels: 'hard' });
  assert.equal(params.labels, 'hard');
  assert.deepEqual(Array.from(inputs.extraRows!.targets), [0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0]);
});

test('compression without the parent model, the rows or the seed is a one-line ConfigError', () => {
  assert.throws(() => compression.prepare({ trainLabels, numClasses: 3, trainRows, seed: 1 }, {}), {
    message: "transfer method 'compression' needs the parent model to label synthetic rows; none was given",
  });
  assert.throws(() => compression.prepare({ trainLabels, numClasses: 3, teacherModel: constantTeacher() }, {}), ConfigError);
  const short = { ...trainRows, features: trainRows.features.subarray(0, 6) };
  assert.throws(() => compression.prepare({ ...ctx(), trainRows: short }, {}), {
    message: "transfer method 'compression': the training features (rows) has 3 entries but the training split has 4",
  });
});

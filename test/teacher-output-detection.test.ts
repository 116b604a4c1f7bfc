import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../src/core/index.js';
import { looksLikeProbabilities, teacherProbabilities } from '../src/teachers/index.js';

const classNames = ['a', 'b', 'c'];

test('rows in [0,1] summing to 1 within 1e-4 are probabilities; anything else is read as logits', () => {
  assert.equal(looksLikeProbabilities(Float32Array.of(0.2, 0.3, 0.5, 1, 0, 0), 3), true);
  assert.equal(looksLikeProbabilities(Float32Array.of(0.2, 0.3, 0.50009), 3), true);
  assert.equal(looksLikeProbabilities(Float32Array.of(0.2, 0.3, 0.5002), 3), false);
  assert.equal(looksLikeProbabilities(Float32Array.of(-0.5, 0.5, 1), 3), false);

  const probabilities = teacherProbabilities(Float32Array.of(0.2, 0.3, 0.5), 3, { classNames, source: 't' });
  assert.equal(probabilities.readAs, 'probabilities');
  assert.deepEqual(Array.from(probabilities.probabilities), Array.from(Float32Array.of(0.2, 0.3, 0.5)));

  // Logits 0, ln 2, ln 5: softmax is 1/8, 2/8, 5/8.
  const logits = teacherProbabilities(Float32Array.of(0, Math.log(2), Math.log(5)), 3, { classNames, source: 't' });
  assert.equal(logits.readAs, 'logits');
  [1 / 8, 2 / 8, 5 / 8].forEach((p, i) => assert.ok(Math.abs(logits.probabilities[i] - p) < 1e-6));

  // Told they are logits, probabilities are put through softmax too.
  const told = teacherProbabilities(Float32Array.of(0, 0, 1), 3, { classNames, output: 'logits', source: 't' });
  assert.equal(told.readAs, 'logits');
  assert.ok(Math.abs(told.probabilities[2] - Math.E / (2 + Math.E)) < 1e-6);
});

test('--teacher-classes reorders outputs into the dataset class order; wrong counts and non-probabilities are DataErrors', () => {
  const { probabilities } = teacherProbabilities(Float32Array.of(0.7, 0.2, 0.1), 3, { classNames, classes: ['c', 'a', 'b'], source: 't' });
  assert.deepEqual(Array.from(probabilities), Array.from(Float32Array.of(0.2, 0.1, 0.7)));
  assert.throws(() => teacherProbabilities(Float32Array.of(0.5, 0.5), 2, { classNames, source: 'm.onnx' }), (e: unknown) => e instanceof DataError && /m\.onnx: expected 3 outputs per row \(classes a,b,c\), found 2/.test(e.message));
  assert.throws(
    () => teacherProbabilities(Float32Array.of(2, 0, 0), 3, { classNames, output: 'probabilities', source: 't' }),
    (e: unknown) => e instanceof DataError && /said to be probabilities .* use --teacher-output logits/.test(e.message),
  );
});

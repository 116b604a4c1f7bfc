import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as umbrella from '@tensorflow/tfjs';
import * as tf from '../src/backend/tfjs.js';

test('every value of the required TF.js module is the one @tensorflow/tfjs exports', () => {
  const values = Object.entries(tf);
  assert.ok(values.length > 40);
  for (const [name, value] of values) {
    assert.notEqual(value, undefined, `${name} is undefined`);
    assert.equal(value, (umbrella as Record<string, unknown>)[name], name);
  }
});

test('TF.js loaded through require shares the engine of an import of @tensorflow/tfjs', () => {
  assert.equal(tf.engine(), umbrella.engine());
  assert.ok(tf.findBackend('cpu'), 'the cpu backend is registered');
});

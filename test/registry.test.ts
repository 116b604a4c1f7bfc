import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, Registry } from '../src/core/index.js';

test('registry refuses a duplicate key', () => {
  const registry = new Registry<number>('thing').register('a', 1);
  assert.throws(() => registry.register('a', 2), /thing 'a' is already registered/);
});

test('registry lists the known keys for an unknown one', () => {
  const registry = new Registry<number>('transfer method').register('kd', 1).register('scratch', 2);
  assert.equal(registry.get('kd'), 1);
  assert.throws(
    () => registry.get('kdd'),
    (error: unknown) =>
      error instanceof ConfigError && /unknown transfer method 'kdd'; known: kd, scratch/.test(error.message),
  );
});

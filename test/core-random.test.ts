import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, deriveSeed } from '../src/core/index.js';

test('same seed gives the same sequence, another seed another one', () => {
  const a = Array.from({ length: 5 }, createRng(7).next);
  const b = Array.from({ length: 5 }, createRng(7).next);
  const c = Array.from({ length: 5 }, createRng(8).next);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const x of a) assert.ok(x >= 0 && x < 1);
});

test('shuffle is a permutation and seeded', () => {
  const shuffled = createRng(3).shuffle(Int32Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual([...shuffled].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
  assert.notDeepEqual([...shuffled], Array.from({ length: 50 }, (_, i) => i));
  assert.deepEqual(shuffled, createRng(3).shuffle(Int32Array.from({ length: 50 }, (_, i) => i)));
});

test('derived seeds differ by label and are stable', () => {
  assert.equal(deriveSeed(1, 'hidden_0'), deriveSeed(1, 'hidden_0'));
  assert.notEqual(deriveSeed(1, 'hidden_0'), deriveSeed(1, 'hidden_1'));
  assert.notEqual(deriveSeed(1, 'hidden_0'), deriveSeed(2, 'hidden_0'));
});

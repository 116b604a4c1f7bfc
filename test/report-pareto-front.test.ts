import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paretoFront } from '../src/report/index.js';

test('Pareto front: smallest model first, dominated and tied-but-bigger models left out', () => {
  // By hand: a (10, .50) is the smallest; b (20, .70) beats it; c (20, .60) is dominated by b;
  // d (40, .70) ties b's accuracy with more params; e (80, .90) is the most accurate; f (80, .90)
  // is an exact tie with e, so both stay; g (100, .85) is dominated by e.
  const points = [
    { key: 'g', params: 100, accuracy: 0.85 },
    { key: 'c', params: 20, accuracy: 0.6 },
    { key: 'e', params: 80, accuracy: 0.9 },
    { key: 'a', params: 10, accuracy: 0.5 },
    { key: 'd', params: 40, accuracy: 0.7 },
    { key: 'b', params: 20, accuracy: 0.7 },
    { key: 'f', params: 80, accuracy: 0.9 },
  ];
  assert.deepEqual(paretoFront(points), ['a', 'b', 'e', 'f']);
});

test('Pareto front: a node without accuracy is not on it; an empty run has an empty front', () => {
  assert.deepEqual(
    paretoFront([
      { key: 'x', params: 5, accuracy: Number.NaN },
      { key: 'y', params: 50, accuracy: 0.4 },
    ]),
    ['y'],
  );
  assert.deepEqual(paretoFront([]), []);
});

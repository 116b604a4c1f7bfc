import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createController } from '../src/search/index.js';
import { chainPath, simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

// Greedy commits to B (0.67 beats A's 0.66) and finds nothing below it; A is only good as the
// first of two intermediates: root → A → B → target reaches 0.75.
const TABLE = {
  'R>T': 0.63,
  'R>A>T': 0.66,
  'R>B>T': 0.67,
  'R>C>T': 0.62,
  'R>B>C>T': 0.6,
  'R>A>B>T': 0.75,
  'R>A>C>T': 0.61,
  'R>A>B>C>T': 0.6,
};

test('beam width 2 finds a two-intermediate chain that greedy misses', () => {
  const greedy = simulate(createController(testSpace(), testSettings('greedy')), tableAccuracy(TABLE)).result!;
  assert.equal(chainPath(greedy.best!.links), 'R>B>T');
  const beam = simulate(createController(testSpace(), testSettings('beam', { beamWidth: 2 })), tableAccuracy(TABLE)).result!;
  assert.equal(chainPath(beam.best!.links), 'R>A>B>T');
  assert.equal(beam.best!.intermediates, 2);
  assert.ok(Math.abs(beam.best!.meanValidation - 0.75) < 1e-9);
  // Step 2 extends the kept chains best first (B, then A); step 3 only R>A>B, the one improver.
  assert.deepEqual(
    beam.chains.map((c) => chainPath(c.links)),
    ['T', 'R>T', 'R>A>T', 'R>B>T', 'R>C>T', 'R>B>C>T', 'R>A>B>T', 'R>A>C>T', 'R>A>B>C>T'],
  );
});

test('beam width 1 is greedy', () => {
  const greedy = simulate(createController(testSpace(), testSettings('greedy')), tableAccuracy(TABLE));
  const beam = simulate(createController(testSpace(), testSettings('beam', { beamWidth: 1 })), tableAccuracy(TABLE));
  assert.deepEqual({ ...beam.result!, strategy: 'greedy' }, greedy.result);
  assert.deepEqual(beam.trained, greedy.trained);
});

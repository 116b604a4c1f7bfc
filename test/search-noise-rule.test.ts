// The standard-error rule (issue 13 item 2): a longer chain replaces the selection only when its
// gain exceeds minGain and `standardErrors` × the standard error of its per-seed gain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createController, gainNoise, parseSearchSpace } from '../src/search/index.js';
import { chainPath, simulate, tableAccuracy, testSettings, testSpace, type HopView } from './fixtures/search/simulated-trainer.js';

test('gainNoise: k · sd(paired gains) / √n, zero with one seed or k = 0', () => {
  assert.equal(gainNoise([0.8], [0.7], 1), 0);
  assert.ok(gainNoise([0.8, 0.9], [0.7, 0.8], 1) < 1e-12);
  // gains 0.1 and -0.04: mean 0.03, sample sd 0.098995, SE 0.07
  assert.ok(Math.abs(gainNoise([0.8, 0.76], [0.7, 0.8], 1) - 0.07) < 1e-9);
  assert.ok(Math.abs(gainNoise([0.8, 0.76], [0.7, 0.8], 2) - 0.14) < 1e-9);
  assert.equal(gainNoise([0.8, 0.76], [0.7, 0.8], 0), 0);
});

// R>B>T is ahead of the 1-hop R>T by 0.03 on average, but +0.10 on seed 1 and -0.04 on seed 2.
const TABLE = { 'R>T': 0.63, 'R>A>T': 0.632, 'R>B>T': 0.66, 'R>C>T': 0.62 };
function noisyB(view: HopView): number {
  const base = tableAccuracy(TABLE)(view);
  const path = view.labels.join('>');
  if (view.hop.role === 'target' && path.includes('mlp[16]>mlp[2]')) return base + (view.hop.seed === 1 ? 0.07 : -0.07);
  return base;
}

test('a longer chain whose gain is within one standard error of zero loses to the shorter one; with k = 0 it wins', () => {
  const strict = simulate(createController(testSpace(), testSettings('greedy')), noisyB).result!;
  assert.equal(strict.standardErrors, 1);
  assert.equal(chainPath(strict.best!.links), 'R>T');
  // It was scored, and is ahead on the mean: only the noise rule kept it out.
  const scored = strict.chains.find((c) => chainPath(c.links) === 'R>B>T')!;
  assert.ok(scored.meanValidation > strict.best!.meanValidation + 0.02);
  assert.deepEqual(scored.links.at(-1)!.validations.length, 2);

  const loose = simulate(createController(testSpace({ standardErrors: 0 }), testSettings('greedy')), noisyB).result!;
  assert.equal(chainPath(loose.best!.links), 'R>B>T');
  // The same for the exhaustive strategy.
  const exhaustive = simulate(createController(testSpace({ maxDepth: 1 }), testSettings('exhaustive')), noisyB).result!;
  assert.equal(chainPath(exhaustive.best!.links), 'R>T');
});

test('a consistent gain over seeds passes the rule; the space field is checked', () => {
  const { result } = simulate(createController(testSpace(), testSettings('greedy')), tableAccuracy(TABLE));
  assert.equal(chainPath(result!.best!.links), 'R>B>T');
  assert.throws(() => testSpace({ standardErrors: -1 }), /test-space: standardErrors: expected a number >= 0/);
  assert.equal(parseSearchSpace({ name: 'n', family: 'mlp', root: { arch: { family: 'mlp', hidden: [8] } }, target: { arch: { family: 'mlp', hidden: [1] } } }, 'n').standardErrors, 1);
});

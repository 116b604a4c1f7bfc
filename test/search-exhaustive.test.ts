import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createController } from '../src/search/index.js';
import { chainPath, simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

test('exhaustive visits every decreasing path through a 3-candidate pool', () => {
  const table = { 'R>T': 0.63, 'R>A>C>T': 0.7, 'R>A>B>C>T': 0.704 };
  const { result, trained } = simulate(createController(testSpace(), testSettings('exhaustive')), tableAccuracy(table));
  assert.ok(result);
  // Subsets of {A, B, C} in decreasing size order: 2³ = 8 paths, the empty one being 1-hop.
  assert.deepEqual(
    result.chains.map((c) => chainPath(c.links)).sort(),
    ['T', 'R>T', 'R>A>T', 'R>A>B>T', 'R>A>B>C>T', 'R>A>C>T', 'R>B>T', 'R>B>C>T', 'R>C>T'].sort(),
  );
  // Nodes: root 1; scratch for A, B, C, T × 2 seeds = 8; the 7 non-empty prefixes × 3 configs
  // × 2 seeds = 42 intermediates; 8 teachers (root + 7 prefixes) × 3 configs × 2 seeds = 48 targets.
  assert.equal(trained.filter((h) => h.role === 'root').length, 1);
  assert.equal(trained.filter((h) => h.role === 'scratch').length, 8);
  assert.equal(trained.filter((h) => h.role === 'intermediate').length, 42);
  assert.equal(trained.filter((h) => h.role === 'target').length, 48);
  assert.equal(new Set(trained.map((h) => h.key)).size, trained.length);
  // R>A>B>C>T is higher but by less than minGain over the shorter R>A>C>T.
  assert.equal(chainPath(result.best!.links), 'R>A>C>T');
});

test('exhaustive respects maxDepth', () => {
  const { result } = simulate(
    createController(testSpace({ maxDepth: 2 }), testSettings('exhaustive')),
    tableAccuracy({ 'R>T': 0.63, 'R>A>B>C>T': 0.9 }),
  );
  assert.equal(result!.chains.length, 2 + 6);
  assert.ok(result!.chains.every((c) => c.intermediates <= 2));
  assert.equal(chainPath(result!.best!.links), 'R>T');
});

test('with scratch intermediates on, an intermediate best trained from scratch restarts the chain, and paths that meet there count once', () => {
  const base = tableAccuracy({ 'R>T': 0.63, 'B>T': 0.7 });
  // Every intermediate does best from scratch, so every path reaching B ends in the same chain B → T.
  const accuracy = (view: Parameters<typeof base>[0]) =>
    view.hop.role === 'scratch' && view.labels.at(-1) !== 'mlp[2]' ? 0.99 : base(view);
  const { result } = simulate(createController(testSpace(), testSettings('exhaustive', { scratchIntermediates: true })), accuracy);
  assert.deepEqual(result!.chains.map((c) => chainPath(c.links)), ['T', 'R>T', 'A>T', 'B>T', 'C>T']);
  assert.equal(chainPath(result!.best!.links), 'B>T');
  assert.deepEqual(result!.best!.links.map((l) => l.method), ['scratch', 'kd']);
  assert.equal(result!.best!.intermediates, 1);
});

test('by default (scratch intermediates off), every chain starts at the root', () => {
  const base = tableAccuracy({ 'R>T': 0.63, 'B>T': 0.7, 'R>B>T': 0.66 });
  const accuracy = (view: Parameters<typeof base>[0]) =>
    view.hop.role === 'scratch' && view.labels.at(-1) !== 'mlp[2]' ? 0.99 : base(view);
  const { result, trained } = simulate(
    createController(testSpace(), testSettings('exhaustive')),
    accuracy,
  );
  assert.ok(result!.chains.slice(1).every((c) => c.links[0].method === 'root'));
  assert.ok(!trained.some((h) => h.role === 'intermediate' && h.method === 'scratch'));
  assert.equal(chainPath(result!.best!.links), 'R>B>T');
  // profweight and sratio intermediates still need (and train) their scratch nodes: A, B, C, T × 2 seeds.
  assert.equal(trained.filter((h) => h.role === 'scratch').length, 8);
});

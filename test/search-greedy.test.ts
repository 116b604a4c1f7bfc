import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archLabel } from '../src/models/index.js';
import { createController } from '../src/search/index.js';
import { B, C, T, TEST_METHODS, chainPath, simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

// 1-hop scores 0.63; from the root, A and C barely move the target but B lifts it to 0.70;
// continuing from B to C would add only 0.003, less than minGain 0.005.
const TABLE = { 'R>T': 0.63, 'R>A>T': 0.633, 'R>B>T': 0.7, 'R>C>T': 0.62, 'R>B>C>T': 0.703 };

test('greedy appends the intermediate that helps and stops when nothing beats minGain', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const { result, trained } = simulate(controller, tableAccuracy(TABLE));
  assert.ok(result);
  assert.equal(result.status, 'complete');
  assert.equal(chainPath(result.best!.links), 'R>B>T');
  assert.equal(result.best!.intermediates, 1);
  assert.ok(Math.abs(result.best!.meanValidation - 0.7) < 1e-9);
  // kd is the best config on both hops (it is 0.01 ahead of profweight on every student).
  assert.deepEqual(result.best!.links.map((l) => l.method), ['root', 'kd', 'kd']);
  assert.ok(Math.abs(result.scratch!.meanValidation - 0.6) < 1e-9);
  assert.ok(Math.abs(result.oneHop!.best.meanValidation - 0.63) < 1e-9);
  assert.equal(result.oneHop!.configs.length, 3);
  // It tried C below B (and scored R>B>C>T), then stopped: nothing was trained from the C nodes.
  assert.ok(result.chains.some((c) => chainPath(c.links) === 'R>B>C>T'));
  const cKeys = new Set(trained.filter((h) => archLabel(h.arch) === C).map((h) => h.key));
  assert.ok(cKeys.size > 0);
  assert.ok(!trained.some((h) => h.role === 'intermediate' && h.parentKey !== null && cKeys.has(h.parentKey)));
  // Every node key of the chain is one per seed; the root is trained once.
  assert.equal(new Set(result.best!.links[0].nodeKeys).size, 1);
  assert.equal(new Set(result.best!.links[1].nodeKeys).size, 2);
  assert.equal(trained.filter((h) => h.role === 'root').length, 1);
});

test('greedy without the helpful intermediate returns the 1-hop chain', () => {
  const space = testSpace({
    candidates: [
      { family: 'mlp', hidden: [32] },
      { family: 'mlp', hidden: [8] },
    ],
  });
  const controller = createController(space, testSettings('greedy'));
  const { result, trained } = simulate(controller, tableAccuracy(TABLE));
  assert.ok(result);
  assert.equal(chainPath(result.best!.links), 'R>T');
  assert.equal(result.best!.intermediates, 0);
  assert.deepEqual(result.best!.links.at(-1)!.nodeKeys, result.oneHop!.best.nodeKeys);
  assert.ok(!trained.some((h) => archLabel(h.arch) === B));
});

test('scratch beating every 1-hop config is reported, but the selected chain stays rooted at the complex model', () => {
  // Scratch targets score 0.8; the best 1-hop (kd) 0.61; no intermediate helps by more than minGain.
  for (const strategy of ['one-hop', 'greedy', 'beam', 'exhaustive']) {
    const { result } = simulate(createController(testSpace(), testSettings(strategy)), tableAccuracy({ 'R>T': 0.61 }, 0.8, 0.612));
    assert.ok(result);
    assert.ok(Math.abs(result.scratch!.meanValidation - 0.8) < 1e-9, strategy);
    assert.ok(result.oneHop!.configs.every((c) => c.meanValidation < result.scratch!.meanValidation), strategy);
    assert.equal(chainPath(result.best!.links), 'R>T', strategy);
    assert.equal(result.best!.links[0].method, 'root', strategy);
    assert.equal(result.best!.links.at(-1)!.method, 'kd', strategy);
    assert.deepEqual(result.best!.links.at(-1)!.nodeKeys, result.oneHop!.best.nodeKeys, strategy);
    assert.ok(Math.abs(result.best!.meanValidation - 0.61) < 1e-9, strategy);
    // The scratch chain is still listed, for reference.
    assert.equal(chainPath(result.chains[0].links), 'T', strategy);
  }
});

test('a longer chain must beat the best 1-hop by more than minGain, not scratch', () => {
  // Scratch 0.8 is above every chain; R>B>T 0.7 beats 1-hop 0.63 and is selected all the same.
  const { result } = simulate(createController(testSpace(), testSettings('greedy')), tableAccuracy(TABLE, 0.8));
  assert.ok(result);
  assert.equal(chainPath(result.best!.links), 'R>B>T');
  assert.ok(result.best!.meanValidation < result.scratch!.meanValidation);
});

test('by default no intermediate is trained from scratch and every chain starts at the root', () => {
  // Scratch would win on every intermediate, were it tried.
  const base = tableAccuracy(TABLE);
  const accuracy = (view: Parameters<typeof base>[0]) =>
    view.hop.method === 'scratch' && view.labels.at(-1) !== T ? 0.99 : base(view);
  for (const strategy of ['greedy', 'beam', 'exhaustive']) {
    const { result, trained } = simulate(createController(testSpace(), testSettings(strategy)), accuracy);
    assert.ok(result);
    assert.equal(result.best!.links[0].method, 'root', strategy);
    for (const chain of result.chains.slice(1)) {
      assert.equal(chain.links[0].method, 'root', `${strategy}: ${chainPath(chain.links)}`);
      assert.ok(chain.links.slice(1).every((l) => l.method !== 'scratch'), `${strategy}: ${chainPath(chain.links)}`);
    }
    // Scratch nodes of intermediates are trained only as profweight/sratio inputs: with kd alone, none at all.
    const kdOnly = simulate(createController(testSpace(), testSettings(strategy, { methods: [TEST_METHODS[0]] })), accuracy);
    assert.equal(chainPath(kdOnly.result!.best!.links), 'R>B>T', strategy);
    assert.ok(kdOnly.trained.filter((h) => h.method === 'scratch').every((h) => archLabel(h.arch) === T), strategy);
    assert.ok(trained.some((h) => h.role === 'intermediate'), strategy);
  }
});

test('scratch intermediates are opt-in, from the space file or the settings (which win)', () => {
  const base = tableAccuracy({ 'R>T': 0.63, 'B>T': 0.7 });
  const accuracy = (view: Parameters<typeof base>[0]) =>
    view.hop.method === 'scratch' && view.labels.at(-1) !== T ? 0.99 : base(view);
  const on = simulate(createController(testSpace({ scratchIntermediates: true }), testSettings('greedy')), accuracy).result!;
  assert.equal(chainPath(on.best!.links), 'B>T');
  assert.deepEqual(on.best!.links.map((l) => l.method), ['scratch', 'kd']);
  const settingsOn = simulate(createController(testSpace(), testSettings('greedy', { scratchIntermediates: true })), accuracy).result!;
  assert.deepEqual(settingsOn, on);
  const off = simulate(
    createController(testSpace({ scratchIntermediates: true }), testSettings('greedy', { scratchIntermediates: false })),
    accuracy,
  ).result!;
  assert.equal(chainPath(off.best!.links), 'R>T');
  assert.ok(off.chains.slice(1).every((c) => c.links[0].method === 'root'));
});

test('one-hop trains only the root, scratch and 1-hop targets', () => {
  const controller = createController(testSpace(), testSettings('one-hop'));
  const { result, trained } = simulate(controller, tableAccuracy(TABLE));
  assert.ok(result);
  assert.equal(chainPath(result.best!.links), 'R>T');
  // root + 2 scratch targets + 3 configs × 2 seeds
  assert.equal(trained.length, 1 + 2 + 6);
  assert.deepEqual(result.chains.map((c) => chainPath(c.links)), ['T', 'R>T']);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archLabel } from '../src/models/index.js';
import { createController } from '../src/search/index.js';
import { B, C, chainPath, simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

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

test('greedy keeps scratch as the answer when no transfer beats it', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const { result } = simulate(controller, tableAccuracy({}, 0.8, 0.61));
  assert.ok(result);
  assert.equal(chainPath(result.best!.links), 'T');
  assert.deepEqual(result.best!.links[0].method, 'scratch');
  assert.deepEqual(result.best!.links[0].nodeKeys, result.scratch!.nodeKeys);
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch } from '../src/core/index.js';
import { archLabel } from '../src/models/index.js';
import { budgetLadders, budgetViolation, createController, selectBudgetTargets } from '../src/search/index.js';
import { testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

const mlp = (...hidden: number[]): Arch => ({ family: 'mlp', hidden });

function contextFor(overrides: Record<string, unknown> = {}) {
  return createController(testSpace(overrides), testSettings('greedy')).search.proposerContext;
}

test('budget ladders: per family and shape, the largest arch within the limits first, then smaller ones, all under the root', () => {
  const ctx = contextFor();
  const ladders = budgetLadders({ maxParams: 200 }, ctx);
  assert.ok(ladders.length >= 1);
  for (const ladder of ladders) {
    const params = ladder.map((a) => ctx.complexity(a).params);
    assert.ok(params.every((p) => p <= 200), `${ladder.map(archLabel).join(', ')} within 200 params`);
    assert.deepEqual([...params].sort((a, b) => b - a), params, 'largest first');
  }
  // 75·w + 10 params for one hidden layer on 64 features and 10 classes: w = 2 (160) is the edge, w = 3 (235) is over.
  assert.equal(archLabel(ladders[0][0]), 'mlp[2]');
  assert.ok(ladders.flat().some((a) => archLabel(a) === 'mlp[1]'), 'a smaller target below the edge');
});

test('budget families: every family the space allows, each kept within depth and bytes', () => {
  const ctx = contextFor({ construct: { fractions: [0.5], families: ['tree', 'forest'] } });
  const budget = { maxDepth: 2, maxBytes: 4000 };
  const ladders = budgetLadders(budget, ctx);
  const families = new Set(ladders.flat().map((a) => a.family));
  assert.deepEqual([...families].sort(), ['forest', 'mlp', 'tree']);
  for (const arch of ladders.flat()) assert.equal(budgetViolation(ctx.complexity(arch), budget), null, archLabel(arch));
  assert.equal(budgetViolation(ctx.complexity({ family: 'tree', maxDepth: 3 }), budget), 'depth 3 > --max-depth 2');
  // Networks have no tree depth: --max-depth does not bind them.
  assert.equal(budgetViolation(ctx.complexity(mlp(64, 32, 16)), { maxDepth: 1 }), null);
});

test('latency: archs measured over the limit are not proposed; each target keeps its measured latency', () => {
  const ctx = contextFor();
  const ladders = budgetLadders({ maxParams: 1000 }, ctx);
  const latency = (arch: Arch) => ctx.complexity(arch).params / 10;
  const loose = selectBudgetTargets(ladders, { maxParams: 1000 }, ctx);
  const tight = selectBudgetTargets(ladders, { maxParams: 1000, maxLatencyUs: 30 }, ctx, latency);
  assert.ok(loose.some((t) => latency(t.arch) > 30), 'without the latency limit some target is slower than 30');
  assert.ok(tight.length > 0);
  for (const target of tight) {
    assert.ok(target.latencyUs !== undefined && target.latencyUs <= 30, `${archLabel(target.arch)}: ${target.latencyUs}`);
    assert.equal(target.latencyUs, latency(target.arch));
  }
  assert.equal(selectBudgetTargets(ladders, { maxParams: 1000, maxLatencyUs: 1 }, ctx, latency).length, 0);
});

test('several targets share one plan: the root and shared intermediates are asked for once', () => {
  const space = testSpace();
  const targets = [mlp(2), mlp(1)];
  const controller = createController(space, testSettings('greedy', { targets }));
  const step = controller.plan([]);
  assert.equal(step.kind, 'run');
  if (step.kind !== 'run') return;
  const keys = step.hops.map((h) => h.key);
  assert.equal(new Set(keys).size, keys.length, 'no hop twice');
  assert.equal(step.hops.filter((h) => h.method === 'root').length, 1);
  const scratch = step.hops.filter((h) => h.method === 'scratch').map((h) => archLabel(h.arch));
  assert.deepEqual([...new Set(scratch)].sort(), ['mlp[1]', 'mlp[2]'], 'each target from scratch');
  // A target at least as big as the root is refused like a space's target.
  assert.throws(() => createController(space, testSettings('greedy', { targets: [mlp(128)] })), /budget target mlp\[128\] has \d+ parameters/);
});

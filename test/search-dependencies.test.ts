import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HopSpec, NodeOutcome } from '../src/core/index.js';
import { archLabel } from '../src/models/index.js';
import { createController } from '../src/search/index.js';
import { A, B, T, chainPath, simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

const TABLE = { 'R>T': 0.63, 'R>A>T': 0.66, 'R>B>T': 0.7 };

function done(hop: HopSpec, validationAccuracy = 0.5): NodeOutcome {
  return { key: hop.key, status: 'done', validationAccuracy, complexity: { params: 0, flops: 0, bytes: 0 }, attempts: 1 };
}

test('no profweight or sratio hop is emitted before the scratch node of its student', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const first = controller.plan([]);
  assert.equal(first.kind, 'run');
  if (first.kind !== 'run') return;
  // Nothing but the root and the target's scratch nodes can run at first.
  assert.deepEqual(first.hops.map((h) => `${h.role}:${h.method}:${h.seed}`), ['root:root:1', 'scratch:scratch:1', 'scratch:scratch:2']);
  assert.ok(first.hops.every((h) => h.parentKey === null));
  // With the root done but the scratch targets not yet: kd from the root may run, profweight/sratio not.
  const root = first.hops[0];
  const second = controller.plan([done(root, 0.95)]);
  assert.equal(second.kind, 'run');
  if (second.kind !== 'run') return;
  const targets = second.hops.filter((h) => h.parentKey === root.key && archLabel(h.arch) === T);
  assert.deepEqual(targets.map((h) => h.method), ['kd', 'kd']);
  assert.ok(!second.hops.some((h) => h.method === 'profweight' || h.method === 'sratio'));
  // Greedy's first candidates start while the 1-hop nodes train: kd from the root for each of A, B, C
  // (their scratch nodes, which profweight and sratio need, have role 'scratch').
  assert.equal(second.hops.filter((h) => h.role === 'intermediate').length, 3 * 2);
  // The simulated trainer checks the same for every hop of whole runs.
  for (const strategy of ['greedy', 'beam', 'exhaustive']) {
    assert.ok(simulate(createController(testSpace(), testSettings(strategy)), tableAccuracy(TABLE)).result);
  }
});

test('nodes that failed are absent candidates and never stall the search', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  // Everything trained as B (or from it) fails: the helpful intermediate is lost.
  const { result } = simulate(controller, tableAccuracy(TABLE), { fail: (v) => v.labels.includes(B) });
  assert.ok(result);
  assert.equal(result.status, 'complete');
  assert.equal(chainPath(result.best!.links), 'R>A>T');
});

test('a config that failed on one seed is dropped; the others still decide', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const { result } = simulate(controller, tableAccuracy(TABLE), {
    fail: (v) => v.hop.method === 'kd' && v.hop.seed === 2 && v.labels.at(-1) === T,
  });
  assert.ok(result);
  assert.equal(chainPath(result.best!.links), 'R>B>T');
  assert.equal(result.best!.links.at(-1)!.method, 'profweight');
  assert.ok(result.oneHop!.configs.every((c) => c.method !== 'kd'));
});

test('a failed scratch target blocks only the methods that need it', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const { result, trained } = simulate(controller, tableAccuracy(TABLE), {
    fail: (v) => v.hop.method === 'scratch' && v.labels.at(-1) === T && v.hop.seed === 1,
  });
  assert.ok(result);
  assert.equal(result.scratch, null);
  assert.ok(!trained.some((h) => archLabel(h.arch) === T && (h.method === 'profweight' || h.method === 'sratio') && h.seed === 1));
  assert.equal(chainPath(result.best!.links), 'R>B>T');
});

test('a failed root ends the search and the result says so', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const { result, trained } = simulate(controller, tableAccuracy(TABLE), { fail: (v) => v.hop.role === 'root' });
  assert.ok(result);
  assert.equal(result.status, 'root-failed');
  assert.equal(result.root, null);
  assert.equal(result.oneHop, null);
  // Scratch is measured and reported, but it is no multihop chain.
  assert.ok(result.scratch);
  assert.equal(result.best, null);
  assert.equal(trained.length, 3);
});

test('with every 1-hop config failed, no scratch fallback: a longer chain from the root or nothing', () => {
  const oneHopFails = (v: { hop: HopSpec; labels: string[] }) => v.hop.role === 'target' && v.labels.length === 2;
  const greedy = simulate(createController(testSpace(), testSettings('greedy')), tableAccuracy(TABLE), { fail: oneHopFails }).result!;
  assert.equal(greedy.status, 'complete');
  assert.equal(greedy.oneHop, null);
  assert.ok(greedy.scratch);
  assert.equal(chainPath(greedy.best!.links), 'R>B>T');
  assert.equal(greedy.best!.links[0].method, 'root');
  const oneHop = simulate(createController(testSpace(), testSettings('one-hop')), tableAccuracy(TABLE), { fail: oneHopFails }).result!;
  assert.ok(oneHop.scratch);
  assert.equal(oneHop.best, null);
});

test('nodes left running or pending by a crash are planned again', () => {
  const controller = createController(testSpace(), testSettings('greedy'));
  const first = controller.plan([]);
  assert.equal(first.kind, 'run');
  if (first.kind !== 'run') return;
  const crashed = first.hops.map((h, i): NodeOutcome => ({
    ...done(h),
    status: i === 0 ? 'running' : 'pending',
    validationAccuracy: null,
  }));
  assert.deepEqual(controller.plan(crashed), first);
});

test('every intermediate is a candidate from the pool, strictly between its teacher and the target', () => {
  const { trained } = simulate(createController(testSpace(), testSettings('exhaustive')), tableAccuracy(TABLE));
  const labels = new Set(trained.filter((h) => h.role === 'intermediate').map((h) => archLabel(h.arch)));
  assert.deepEqual([...labels].sort(), [A, B, 'mlp[8]'].sort());
});

test('profweight and sratio hops name the scratch node of their student, other hops none', () => {
  const { trained } = simulate(createController(testSpace(), testSettings('greedy')), tableAccuracy(TABLE));
  const scratchKey = new Map(trained.filter((h) => h.method === 'scratch').map((h) => [`${archLabel(h.arch)}#${h.seed}`, h.key]));
  const weighted = trained.filter((h) => h.method === 'profweight' || h.method === 'sratio');
  assert.ok(weighted.length > 0);
  for (const hop of weighted) assert.equal(hop.studentScratchKey, scratchKey.get(`${archLabel(hop.arch)}#${hop.seed}`));
  assert.ok(trained.filter((h) => !weighted.includes(h)).every((h) => h.studentScratchKey === undefined));
});

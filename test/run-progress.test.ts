import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSearch, type RunProgress } from '../src/run/index.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';

test('progress reports hops done within the total, and as best a chain\'s mean over seeds, ending at the selected chain', async () => {
  const dir = tempDir('progress');
  const store = openStore(join(dir, 'runs.db'));
  try {
    const events: RunProgress[] = [];
    const { result } = await startSearch(store, { space: 'tiny', workers: 2, methods: ['kd'], seeds: 2 }, ['search'], {
      observer: { onProgress: (p) => events.push({ ...p }) },
    });
    // The last event counts every node the search trained, out of a total that is all of them.
    const nodes = store.listNodes(events.at(-1)!.runId);
    assert.equal(events.at(-1)!.done, nodes.filter((n) => n.status === 'done').length);
    assert.equal(events.at(-1)!.total, nodes.length);
    assert.ok(events.some((e) => e.total < nodes.length), 'the total grows as the search proposes hops');
    // Every plan is counted with its time: plans only grow, and the search planned more than once.
    for (let i = 1; i < events.length; i++) {
      assert.ok(events[i].planning.plans >= events[i - 1].planning.plans && events[i].planning.ms >= events[i - 1].planning.ms);
    }
    assert.ok(events.at(-1)!.planning.plans > 1 && events.at(-1)!.planning.ms > 0, JSON.stringify(events.at(-1)!.planning));
    // Each hop was submitted once: with no failure, every node took exactly one attempt.
    assert.deepEqual([...new Set(nodes.map((n) => n.attempts))], [1]);

    // Every 'best' is the seed mean of a chain rooted at the complex model, never a single seed's
    // score; it never goes down; the last one is the selected chain.
    const taught = result.chains.filter((c) => c.links[0]?.method === 'root');
    const means = new Set(taught.map((c) => c.meanValidation));
    const bests = events.flatMap((e) => (e.best ? [e.best] : []));
    assert.ok(bests.length > 0);
    for (const b of bests) assert.ok(means.has(b.validation), `${b.label} ${b.validation} is a chain's seed mean`);
    for (let i = 1; i < bests.length; i++) assert.ok(bests[i].validation >= bests[i - 1].validation || i === bests.length - 1);
    const selected = result.best!;
    assert.equal(bests.at(-1)!.validation, selected.meanValidation);
    assert.equal(bests.at(-1)!.label, selected.links.map((l) => l.archLabel).join(' → '));
  } finally {
    store.close();
  }
});

test('a hop starts as soon as its parent is trained, not when the slowest hop of the step is', async () => {
  const dir = tempDir('eager');
  process.env.MULTIHOP_TEST_MARKERS = dir;
  const store = openStore(join(dir, 'runs.db'));
  try {
    const { run } = await startSearch(store, { space: 'tiny', workers: 2, methods: ['kd'] }, ['search'], {
      workerFile: new URL('./fixtures/run/slow-worker.js', import.meta.url),
    });
    const nodes = store.listNodes(run.id);
    const slow = nodes.find((n) => n.role === 'intermediate' && n.archLabel === 'mlp[16]');
    const fast = nodes.find((n) => n.role === 'intermediate' && n.archLabel === 'mlp[8]');
    assert.ok(slow?.finishedAt && fast?.finishedAt);
    const childrenOfFast = nodes.filter((n) => n.parentKey === fast.key && n.startedAt);
    assert.ok(childrenOfFast.length > 0);
    // mlp[16] is held until a target taught by mlp[8] starts: those start while it is still training.
    assert.ok(
      childrenOfFast.some((n) => n.startedAt! < slow.finishedAt!),
      `mlp[8]'s children started ${childrenOfFast.map((n) => n.startedAt).join(', ')}; mlp[16] finished ${slow.finishedAt}`,
    );
  } finally {
    store.close();
    delete process.env.MULTIHOP_TEST_MARKERS;
  }
});

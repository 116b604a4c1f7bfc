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
    assert.ok(events.length > 3, `${events.length} progress events`);
    for (const e of events) assert.ok(e.done + e.failed <= e.total, `${e.done}+${e.failed} ≤ ${e.total}`);
    assert.equal(events.at(-1)!.done, store.listNodes(events.at(-1)!.runId).filter((n) => n.status === 'done').length);

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

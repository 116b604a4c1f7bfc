import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSearch } from '../src/run/index.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';

test('a hop that throws is retried, a worker that dies marks its node failed, and the run goes on', async () => {
  const dir = tempDir('worker-failure');
  process.env.MULTIHOP_TEST_MARKERS = dir;
  const store = openStore(join(dir, 'runs.db'));
  try {
    const { run, result } = await startSearch(
      store,
      { space: 'tiny', workers: 2, maxAttempts: 2 },
      ['search', '--space', 'tiny'],
      { workerFile: new URL('./fixtures/run/failing-worker.js', import.meta.url) },
    );
    assert.equal(store.getRun(run.id)?.status, 'done');
    assert.ok(result.scratch && result.oneHop && result.best, 'the run still reports scratch, 1-hop and a chain');

    const nodes = store.listNodes(run.id);
    const kdFrom = (hidden: string) =>
      nodes.filter((n) => n.role === 'intermediate' && n.method === 'kd' && n.arch.family === 'mlp' && n.arch.hidden.join(',') === hidden);
    const retried = kdFrom('16');
    assert.equal(retried.length, 1);
    assert.equal(retried[0].status, 'done', 'the throwing hop succeeded on its second attempt');
    assert.equal(retried[0].attempts, 2);

    const dead = kdFrom('8');
    assert.equal(dead.length, 1);
    assert.equal(dead[0].status, 'failed', 'a hop whose worker always dies is failed after maxAttempts');
    assert.equal(dead[0].attempts, 2);
    assert.match(dead[0].error ?? '', /exit|terminat/i);
    // Its student (the target taught by the dead candidate) never ran; everything else finished.
    assert.ok(nodes.every((n) => n.status === 'done' || n.key === dead[0].key));
    assert.equal(nodes.filter((n) => n.parentKey === dead[0].key).length, 0);

    const events = store.listEvents(run.id).map((e) => e.message);
    assert.ok(events.some((m) => /injected failure/.test(m)), 'the failure is logged as an event');
  } finally {
    store.close();
    delete process.env.MULTIHOP_TEST_MARKERS;
  }
});

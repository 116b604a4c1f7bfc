import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import type { RunSummary } from '../src/report/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';

const SEARCH = ['search', '--space', 'tiny', '--json'];

function nodes(db: string): Array<{ key: string; status: string; validation: number | null; attempts: number }> {
  const store = openStore(db, { readonly: true });
  try {
    const [run] = store.listRuns();
    return store
      .listNodes(run.id)
      .map((n) => ({ key: n.key, status: n.status, validation: n.validation?.accuracy ?? null, attempts: n.attempts }))
      .sort((a, b) => a.key.localeCompare(b.key));
  } finally {
    store.close();
  }
}

test('a search through the queue with two worker processes trains the same nodes to the same accuracies as the local pool', async () => {
  const dir = tempDir('queue-same');
  const local = runCli([...SEARCH, '--workers', '2', '--db', join(dir, 'local.db')]);
  assert.equal(local.status, 0, local.stderr);

  const redis = await startRedis();
  const workers = [await spawnWorker(redis.url), await spawnWorker(redis.url)];
  try {
    const queued = await runCliAsync([...SEARCH, '--queue', redis.url, '--jobs', '4', '--db', join(dir, 'queued.db')]);
    assert.equal(queued.status, 0, queued.stderr);
    const expected = JSON.parse(local.stdout) as RunSummary;
    const actual = JSON.parse(queued.stdout) as RunSummary;
    assert.deepEqual(actual.chains, expected.chains);
    assert.deepEqual(nodes(join(dir, 'queued.db')), nodes(join(dir, 'local.db')));
    // Both "machines" trained hops, and no hop was trained twice.
    const trained = workers.map((w) => w.trained());
    for (const [i, keys] of trained.entries()) assert.ok(keys.length > 0, `worker ${i} trained nothing:\n${workers[i].output()}`);
    const all = trained.flat();
    assert.equal(new Set(all).size, all.length, 'a hop was trained twice');
    assert.equal(all.length, nodes(join(dir, 'queued.db')).length);
  } finally {
    for (const w of workers) assert.equal(await w.stop(), 0, 'a worker stopped by SIGTERM exits 0');
    await redis.stop();
  }
});

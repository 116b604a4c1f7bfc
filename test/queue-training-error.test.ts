import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';

test('through the queue, a hop that throws on a worker is a failed attempt and retried; one that always fails is given up after --max-attempts', async () => {
  const dir = tempDir('queue-training-error');
  const db = join(dir, 'run.db');
  const redis = await startRedis();
  const worker = await spawnWorker(redis.url, { failing: { markers: tempDir('queue-training-error-markers') } });
  try {
    const search = await runCliAsync(['search', '--space', 'tiny', '--max-attempts', '2', '--queue', redis.url, '--jobs', '2', '--db', db]);
    assert.equal(search.status, 0, search.stderr);
    assert.match(search.stderr, /failed on attempt 1\/2: .*injected failure — retrying/, 'the coordinator shows the worker\'s reason');
    const store = openStore(db, { readonly: true });
    try {
      const [run] = store.listRuns();
      assert.equal(run.status, 'done');
      const nodes = store.listNodes(run.id);
      const kdFrom = (hidden: string) =>
        nodes.filter((n) => n.role === 'intermediate' && n.method === 'kd' && n.arch.family === 'mlp' && n.arch.hidden.join(',') === hidden);
      const [retried] = kdFrom('16');
      assert.equal(retried.status, 'done');
      assert.deepEqual([retried.attempts, retried.failures], [2, 1]);
      const [dead] = kdFrom('8');
      assert.equal(dead.status, 'failed');
      assert.deepEqual([dead.attempts, dead.failures], [2, 2]);
      assert.ok(nodes.every((n) => n.status === 'done' || n.key === dead.key));
    } finally {
      store.close();
    }
  } finally {
    assert.equal(await worker.stop(), 0);
    await redis.stop();
  }
});

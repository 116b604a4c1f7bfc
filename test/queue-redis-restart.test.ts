import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodesOf } from './fixtures/run/stored-nodes.js';
import type { RunSummary } from '../src/report/index.js';
import { tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';


test('redis-server restarted mid-run (append-only file kept): workers and coordinator reconnect and the run finishes', async () => {
  const dir = tempDir('queue-redis-restart');
  const db = join(dir, 'run.db');
  const redis = await startRedis({ appendonly: true });
  const workers = [await spawnWorker(redis.url), await spawnWorker(redis.url)];
  try {
    const search = runCliAsync(['search', '--space', 'tiny', '--json', '--queue', redis.url, '--jobs', '4', '--db', db]);
    const deadline = Date.now() + 180_000;
    while (nodesOf(db).filter((n) => n.status === 'done').length < 2) {
      assert.ok(Date.now() < deadline, 'no hop finished');
      await sleep(25);
    }
    await redis.restart();
    const result = await search;
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as RunSummary).run.status, 'done');
    const nodes = nodesOf(db);
    assert.ok(nodes.length > 2 && nodes.every((n) => n.status === 'done' && n.failures === 0));
    for (const w of workers) assert.match(w.output(), /reconnect/, 'the worker saw Redis go and come back');
  } finally {
    for (const w of workers) assert.equal(await w.stop(), 0);
    await redis.stop();
  }
});

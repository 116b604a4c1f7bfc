import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { HOP_QUEUE_NAME } from '../src/queue/index.js';
import { spawnCli, tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';

test('Ctrl-C on a queued run stops waiting, leaves its jobs on the queue, and says to resume with --queue', async () => {
  const dir = tempDir('queue-interrupt');
  const redis = await startRedis();
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(HOP_QUEUE_NAME, { connection });
  try {
    // No worker: the root hop waits on the queue until the interrupt.
    const search = spawnCli(['search', '--space', 'tiny', '--queue', redis.url, '--db', join(dir, 'run.db')]);
    let stderr = '';
    search.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while ((await queue.getJobCounts('waiting')).waiting === 0) {
      assert.ok(Date.now() < deadline && search.exitCode === null, `no job was queued:\n${stderr}`);
      await sleep(50);
    }
    search.kill('SIGINT');
    const code = await new Promise((resolve) => search.once('exit', resolve));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /multihop: interrupted; continue with: multihop resume \S+ --queue <url>\n$/);
    assert.ok((await queue.getJobCounts('waiting')).waiting > 0, 'the queued hop stays for a resumed run to collect');
  } finally {
    await queue.close();
    connection.disconnect();
    await redis.stop();
  }
});

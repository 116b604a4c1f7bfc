import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { HOP_QUEUE_NAME } from '../src/queue/index.js';
import { openStore } from '../src/store/index.js';
import { nodesOf } from './fixtures/run/stored-nodes.js';
import type { RunSummary } from '../src/report/index.js';
import { spawnCli, tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';


test('a coordinator SIGKILLed mid-run: resume --queue collects the hops finished while it was down without training them again', async () => {
  const dir = tempDir('queue-kill-coordinator');
  const db = join(dir, 'run.db');
  const markers = tempDir('queue-kill-coordinator-markers');
  const redis = await startRedis();
  // Training job 4 is held until the test releases it: when it starts at least 2 hops are done
  // (two workers), and it is in flight for as long as the test needs, however fast hops train.
  const gate = { at: 4, markers };
  const workers = [await spawnWorker(redis.url, { gate }), await spawnWorker(redis.url, { gate })];
  const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue(HOP_QUEUE_NAME, { connection });
  try {
    const search = spawnCli(['search', '--space', 'tiny', '--json', '--queue', redis.url, '--jobs', '4', '--db', db]);
    const deadline = Date.now() + 180_000;
    while (!existsSync(join(markers, 'gate-reached'))) {
      assert.ok(Date.now() < deadline && search.exitCode === null, 'the search ended before training job 4 started');
      await sleep(25);
    }
    const held = readFileSync(join(markers, 'gate-reached'), 'utf8');
    assert.ok(nodesOf(db).filter((n) => n.status === 'done').length >= 2, 'two hops were recorded before the kill');
    search.kill('SIGKILL');
    await new Promise((resolve) => search.once('exit', resolve));
    const running = nodesOf(db).filter((n) => n.status === 'running').map((n) => n.key);
    assert.ok(running.includes(held), `the held hop ${held} was in flight when the coordinator died (${running.join(', ')})`);
    // The held hop trains while nobody waits for it.
    writeFileSync(join(markers, 'release'), '');

    // The workers finish what was queued while nobody waits for it.
    for (;;) {
      const counts = await queue.getJobCounts('active', 'waiting');
      if (counts.active + counts.waiting === 0) break;
      await sleep(100);
    }
    // The last job's line may still be in the pipe.
    await sleep(500);
    const trainedWhileDown = workers.flatMap((w) => w.trained());
    assert.ok(trainedWhileDown.includes(held), `the held hop ${held} finished while the coordinator was down`);

    const runId = openStore(db, { readonly: true }).listRuns()[0].id;
    const resumed = await runCliAsync(['resume', runId, '--json', '--queue', redis.url, '--jobs', '4', '--db', db]);
    assert.equal(resumed.status, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as RunSummary).run.status, 'done');
    const final = nodesOf(db);
    assert.ok(final.every((n) => n.status === 'done' && n.failures === 0));
    const trained = workers.flatMap((w) => w.trained());
    assert.equal(new Set(trained).size, trained.length, `a hop was trained twice: ${trained.join(' ')}`);
    assert.deepEqual([...trained].sort(), final.map((n) => n.key).sort(), 'every node trained exactly once, on a worker');
  } finally {
    await queue.close();
    connection.disconnect();
    for (const w of workers) await w.stop();
    await redis.stop();
  }
});

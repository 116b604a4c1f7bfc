import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/store/index.js';
import type { RunSummary } from '../src/report/index.js';
import { tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';

// A dead worker's hop is given to another once its lock lapses: short lock and stalled checks here.
const FAST_STALL = ['--lock-duration', '2000', '--stalled-interval', '1000'];

test('a worker SIGKILLed mid-hop: another worker trains that hop, the run finishes, every node done once with no failed attempt', async () => {
  const dir = tempDir('queue-kill-worker');
  const markers = tempDir('queue-kill-worker-gate');
  const redis = await startRedis();
  // The gated worker holds the second training job it starts, forever.
  const doomed = await spawnWorker(redis.url, { gate: { at: 2, markers }, args: FAST_STALL });
  const survivor = await spawnWorker(redis.url, { args: FAST_STALL });
  try {
    const db = join(dir, 'run.db');
    const search = runCliAsync(['search', '--space', 'tiny', '--json', '--queue', redis.url, '--jobs', '4', '--db', db]);
    const gate = join(markers, 'gate-reached');
    const deadline = Date.now() + 180_000;
    while (!existsSync(gate)) {
      assert.ok(Date.now() < deadline, `the gated worker never held a hop:\n${doomed.output()}`);
      await sleep(50);
    }
    const heldKey = readFileSync(gate, 'utf8');
    doomed.child.kill('SIGKILL');

    const result = await search;
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as RunSummary).run.status, 'done');
    assert.ok(survivor.trained().includes(heldKey), `the survivor never trained the held hop ${heldKey}:\n${survivor.output()}`);
    assert.ok(!doomed.trained().includes(heldKey));

    const store = openStore(db, { readonly: true });
    try {
      const [run] = store.listRuns();
      const nodes = store.listNodes(run.id);
      assert.ok(nodes.length > 0);
      for (const node of nodes) {
        assert.equal(node.status, 'done', `node ${node.key}`);
        // The lifecycle never saw the interruption: one attempt, no failure, per node.
        assert.equal(node.attempts, 1, `node ${node.key} attempts`);
        assert.equal(node.failures, 0, `node ${node.key} failures`);
      }
      const trained = [...doomed.trained(), ...survivor.trained()];
      assert.equal(new Set(trained).size, trained.length, 'a finished hop was trained twice');
    } finally {
      store.close();
    }
  } finally {
    await survivor.stop();
    await redis.stop();
  }
});

// Issue 14's "Shown by": a sweep through the queue finishes with every run done after one of two
// workers is SIGKILLed in the middle, with no node recorded twice; and it gives the same chains
// as the same sweep run locally. Compression from the user's own model is refused on a queue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';

const FAST_STALL = ['--lock-duration', '2000', '--stalled-interval', '1000'];

function sweepFile(dir: string): string {
  const path = join(dir, 's.json');
  writeFileSync(path, JSON.stringify({ name: 'queued', grid: { dataset: ['iris', 'wine'] }, fixed: { space: 'tiny', seeds: 1, methods: 'kd' } }));
  return path;
}

/** Per run position: node keys with their validation accuracy, and the chains' node keys. */
function results(db: string): Array<{ nodes: string[]; chains: string[] }> {
  const store = openStore(db, { readonly: true });
  try {
    return store.listRuns()
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((run) => ({
        nodes: store.listNodes(run.id).map((n) => `${n.key} ${n.status} ${n.validation?.accuracy}`).sort(),
        chains: store.getChains(run.id).map((c) => `${c.kind} ${c.nodeKeys.join(',')}`).sort(),
      }));
  } finally {
    store.close();
  }
}

test('a sweep on the queue survives a SIGKILLed worker: every run done, every node trained once, the same results as the local sweep', async () => {
  const dir = tempDir('queue-sweep');
  const markers = tempDir('queue-sweep-gate');
  const file = sweepFile(dir);
  const local = runCli(['sweep', file, '--db', join(dir, 'local.db'), '--workers', '2', '--json']);
  assert.equal(local.status, 0, local.stderr);

  const redis = await startRedis();
  const doomed = await spawnWorker(redis.url, { gate: { at: 3, markers }, args: FAST_STALL });
  const survivor = await spawnWorker(redis.url, { args: FAST_STALL });
  try {
    const db = join(dir, 'queued.db');
    const sweep = runCliAsync(['sweep', file, '--queue', redis.url, '--jobs', '4', '--db', db, '--json']);
    const gate = join(markers, 'gate-reached');
    const deadline = Date.now() + 180_000;
    while (!existsSync(gate)) {
      assert.ok(Date.now() < deadline, `the gated worker never held a hop:\n${doomed.output()}`);
      await sleep(50);
    }
    doomed.child.kill('SIGKILL');
    const result = await sweep;
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { rows: Array<{ status: string }> };
    assert.deepEqual(report.rows.map((r) => r.status), ['done', 'done']);
    const trained = [...doomed.trained(), ...survivor.trained()];
    assert.equal(new Set(trained).size, trained.length, 'a finished hop was trained twice');
    const store = openStore(db, { readonly: true });
    try {
      for (const run of store.listRuns()) for (const node of store.listNodes(run.id)) assert.deepEqual([node.status, node.attempts, node.failures], ['done', 1, 0], node.key);
    } finally {
      store.close();
    }
    // Training is deterministic per seed: the queued sweep found the same nodes, accuracies and chains.
    const queuedResults = results(db);
    const localResults = results(join(dir, 'local.db'));
    assert.deepEqual(queuedResults, localResults);

    const refused = runCli(['search', '--dataset', 'datasets/wine.csv', '--label', 'label', '--teacher', 'test/fixtures/teacher/wine-torch-mlp.onnx', '--methods', 'compression', '--space', 'tiny', '--queue', redis.url, '--db', join(dir, 'x.db')]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /--methods compression with your own model .* cannot run on a queue/);
  } finally {
    await survivor.stop();
    await redis.stop();
  }
});

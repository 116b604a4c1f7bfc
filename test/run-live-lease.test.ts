import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { openStore, type NodeRecord } from '../src/store/index.js';
import { acquireRunLease } from '../src/run/run-lease.js';
import { runCli, spawnCli, tempDir } from './fixtures/run/cli.js';
import { sampleRun, tempPath } from './fixtures/store/store-samples.js';

test('a run driven by a live process cannot be resumed by another; its own result stays intact', async () => {
  const db = join(tempDir('lease'), 'runs.db');
  const child = spawnCli(['search', '--space', 'tiny', '--workers', '2', '--db', db, '--json']);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  let runId = '';
  const deadline = Date.now() + 120_000;
  while (!runId) {
    assert.ok(Date.now() < deadline, 'the search never started');
    await sleep(50);
    if (!existsSync(db)) continue;
    try {
      const store = openStore(db, { readonly: true });
      const run = store.listRuns()[0];
      const nodes: NodeRecord[] = run ? store.listNodes(run.id) : [];
      store.close();
      if (run && nodes.some((n) => n.status === 'running')) runId = run.id;
    } catch {
      // not migrated yet
    }
  }
  const second = runCli(['resume', runId, '--db', db, '--json']);
  assert.notEqual(second.status, 0);
  assert.match(second.stderr, new RegExp(`run ${runId} is being run by process ${child.pid} on `));
  assert.doesNotMatch(second.stderr, /\n\s+at /);

  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 0);
  assert.equal(JSON.parse(stdout).run.status, 'done');
  const store = openStore(db, { readonly: true });
  assert.ok(store.listNodes(runId).every((n) => n.attempts === 1), 'no node was trained twice');
  assert.equal(store.getLease(runId), null, 'the lease is released at the end');
  store.close();
});

test('a lease left by a dead process on this host is taken over; a fresh foreign one is not', () => {
  const store = openStore(tempPath());
  const runId = store.createRun(sampleRun).id;
  const staleBefore = new Date(Date.now() - 60_000).toISOString();
  // A pid that cannot be alive (above the kernel's pid_max).
  assert.equal(store.claimLease(runId, { pid: 99_999_999, host: hostname() }, staleBefore), true);
  const lease = acquireRunLease(store, runId);
  assert.equal(store.getLease(runId)?.pid, process.pid);
  lease.release();
  assert.equal(store.getLease(runId), null);

  assert.equal(store.claimLease(runId, { pid: 1234, host: 'another-host' }, staleBefore), true);
  assert.throws(() => acquireRunLease(store, runId), /is being run by process 1234 on another-host/);
  // Once its heartbeat is older than the stale limit, it is taken over.
  assert.equal(store.claimLease(runId, { pid: process.pid, host: hostname() }, new Date(Date.now() + 1000).toISOString()), true);
  store.close();
});

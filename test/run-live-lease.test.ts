import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { acquireRunLease } from '../src/run/run-lease.js';
import { runCli, spawnGatedCli, tempDir } from './fixtures/run/cli.js';
import { sampleRun, tempPath } from './fixtures/store/store-samples.js';

test('a run driven by a live process cannot be resumed by another; its own result stays intact', async () => {
  const db = join(tempDir('lease'), 'runs.db');
  // Its second training job is held until released, so the run is surely still live when resumed.
  const markers = tempDir('lease-gate');
  const child = await spawnGatedCli(['search', '--space', 'tiny', '--workers', '2', '--db', db, '--json'], 2, markers);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const store0 = openStore(db, { readonly: true });
  const runId = store0.listRuns()[0].id;
  store0.close();
  const second = runCli(['resume', runId, '--db', db, '--json']);
  assert.notEqual(second.status, 0);
  assert.match(second.stderr, new RegExp(`run ${runId} is being run by process ${child.pid} on `));
  assert.doesNotMatch(second.stderr, /\n\s+at /);

  writeFileSync(join(markers, 'release'), '');
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

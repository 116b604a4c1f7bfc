import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { leaseState, openStore } from '../src/store/index.js';
import { sampleRun, tempPath } from './fixtures/store/store-samples.js';

test('leaseState tells a live owner from a dead one on this host', () => {
  const exited = spawnSync(process.execPath, ['-e', '']).pid;
  assert.ok(exited !== undefined);
  const now = new Date().toISOString();
  assert.equal(leaseState(null), 'none');
  assert.equal(leaseState({ pid: process.pid, host: hostname(), heartbeatAt: now }), 'live');
  assert.equal(leaseState({ pid: exited, host: hostname(), heartbeatAt: now }), 'owner-gone');
  // Another host's process cannot be probed: its lease counts as live until its heartbeat is stale.
  assert.equal(leaseState({ pid: exited, host: `not-${hostname()}`, heartbeatAt: now }), 'live');
});

test('a run whose lease owner was killed reads as owner-gone from the store', () => {
  const store = openStore(tempPath());
  const runId = store.createRun(sampleRun).id;
  const killed = spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")']).pid;
  assert.ok(killed !== undefined);
  assert.equal(store.claimLease(runId, { pid: killed, host: hostname() }, new Date(0).toISOString()), true);
  assert.equal(leaseState(store.getLease(runId)), 'owner-gone');
  store.close();
});

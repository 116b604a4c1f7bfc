import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { LEASE_STALE_MS, leaseState, openStore } from '../src/store/index.js';
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

test('another host\'s lease reads as owner-gone once its heartbeat is older than LEASE_STALE_MS', () => {
  const beat = Date.parse('2026-01-01T00:00:00.000Z');
  const lease = { pid: 1234, host: `not-${hostname()}`, heartbeatAt: new Date(beat).toISOString() };
  const here = (now: number) => ({ host: hostname(), alive: () => true, now });
  assert.equal(leaseState(lease, here(beat + LEASE_STALE_MS)), 'live');
  assert.equal(leaseState(lease, here(beat + LEASE_STALE_MS + 1)), 'owner-gone');
});

test('claiming over a dead owner is one write: the dead holder named by the caller is replaced, a live one is not', () => {
  const store = openStore(tempPath());
  const runId = store.createRun(sampleRun).id;
  const fresh = new Date(0).toISOString();
  const dead = { pid: 999_999_001, host: hostname() };
  const live = { pid: 999_999_002, host: hostname() };
  assert.equal(store.claimLease(runId, dead, fresh), true);
  assert.equal(store.claimLease(runId, live, fresh), false, 'a fresh lease is not taken over');
  assert.equal(store.claimLease(runId, live, fresh, dead), true, 'the dead holder named is replaced');
  assert.equal(store.claimLease(runId, { pid: process.pid, host: hostname() }, fresh, dead), false, 'but only that holder');
  assert.deepEqual(store.getLease(runId) && { pid: store.getLease(runId)!.pid }, { pid: live.pid });
  store.close();
});

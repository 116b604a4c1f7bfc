/**
 * The same sweep driven by two processes: a combination whose run another live process drives is
 * left to it (not resumed under it, not recorded as failed), and the sweep goes on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { sweepFlags } from '../src/cli/search-flags.js';
import { collectSweepReport, driveSweep, openSweep, parseSweep } from '../src/sweep/index.js';
import { openMemoryStore } from '../src/store/index.js';
import { sampleRun } from './fixtures/store/store-samples.js';

test('a run another live process drives is skipped, with a message, and counts neither done nor failed', async () => {
  const store = openMemoryStore();
  try {
    const loaded = parseSweep({ name: 'twice', grid: { dataset: ['iris'] }, fixed: { space: 'tiny' } }, 's.json', sweepFlags());
    const sweep = openSweep(store, loaded, sweepFlags());
    const runId = store.sweepRuns(sweep.id)[0].runId;
    store.createRun({ ...sampleRun, id: runId });
    // This test process is alive on this host: its lease is live.
    assert.equal(store.claimLease(runId, { pid: process.pid, host: hostname() }, new Date(0).toISOString()), true);
    const messages: string[] = [];
    const outcome = await driveSweep(store, sweep.id, sweepFlags(), { run: {}, observer: { onMessage: (line) => messages.push(line) } });
    assert.deepEqual([outcome.done, outcome.total, outcome.failed], [0, 1, []]);
    assert.deepEqual(messages, [`run ${runId} (dataset=iris) is being driven by another process; skipped`]);
    assert.equal(store.sweepRuns(sweep.id)[0].error, null, 'not recorded as failed');
    assert.equal(store.getRun(runId)?.status, 'running');
    const report = collectSweepReport(store, sweep.id);
    assert.deepEqual([report.rows[0].status, report.sweep.status], ['running', 'running']);
  } finally {
    store.close();
  }
});

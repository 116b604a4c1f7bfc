import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeLedger } from '../src/run/node-ledger.js';
import { openMemoryStore, openStore, type ResultsStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun } from './fixtures/store/store-samples.js';

/**
 * The ledger keeps the controller's view in memory after one read (node-ledger.ts): after every
 * write through it, that view must be what the store itself returns, on both stores.
 */
function checkLedger(name: string, open: () => { store: ResultsStore; close(): void }): void {
  test(`${name}: the ledger's outcomes stay equal to the store's through starts, results, failures and retries`, () => {
    const { store, close } = open();
    try {
      const runId = store.createRun(sampleRun).id;
      // Nodes written before the ledger reads (a resumed run): it starts from them.
      store.markNodeRunning(runId, sampleHop('b0'));
      store.recordNodeDone(runId, 'b0', sampleResult(0.7));
      const ledger = storeLedger(store, runId);
      const same = (step: string) => assert.deepEqual(ledger.outcomes(), store.nodeOutcomes(runId), step);
      same('first read');
      ledger.markRunning(sampleHop('a1', 'b0'));
      same('a1 running');
      ledger.markRunning(sampleHop('c2', 'b0', { complexity: { params: 7, flops: 9, bytes: 28 } }));
      same('c2 running');
      // A tree's complexity carries leaves and depth, which are no outcome columns.
      ledger.markRunning(sampleHop('d3', 'b0', { complexity: { params: 7, flops: 9, bytes: 28, leaves: 4, depth: 2 } }));
      same('d3 running');
      ledger.recordDone('a1', sampleResult(0.81));
      same('a1 done');
      assert.equal(ledger.recordFailed('c2', 'out of memory'), 1);
      same('c2 failed');
      assert.equal(ledger.markRunning(sampleHop('c2', 'b0')), 2);
      same('c2 retried');
      ledger.recordDone('c2', sampleResult(0.64));
      same('c2 done');
      assert.deepEqual(ledger.outcomes().map((o) => [o.key, o.status]), [['a1', 'done'], ['b0', 'done'], ['c2', 'done'], ['d3', 'running']]);
      // A write the store refuses leaves the ledger's view as it was.
      assert.throws(() => ledger.markRunning(sampleHop('a1', 'b0')));
      assert.throws(() => ledger.recordDone('a1', sampleResult(0.9)));
      same('after refused writes');
    } finally {
      close();
    }
  });
}

checkLedger('memory store', () => {
  const store = openMemoryStore();
  return { store, close: () => store.close() };
});

checkLedger('SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-ledger-'));
  const store = openStore(join(dir, 'results.db'));
  return {
    store,
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

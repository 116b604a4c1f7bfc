import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { openStore } from '../src/store/index.js';
import { sampleRun, tempPath } from './fixtures/store/store-samples.js';

const ENDLESS = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n';

test('a query that runs past its time limit is stopped with one line saying how to go on', () => {
  const path = tempPath();
  const writer = openStore(path);
  writer.createRun(sampleRun);
  writer.close();
  const store = openStore(path, { readonly: true });
  const before = Date.now();
  assert.throws(
    () => store.query(ENDLESS, [], { timeoutMs: 200 }),
    (error: unknown) =>
      error instanceof StoreError && error.message === 'query stopped after 0.2 s; narrow it or raise --timeout',
  );
  const took = Date.now() - before;
  assert.ok(took < 5000, `stopping took ${took} ms`);
  // The store is still usable, and a bounded recursive query finishes within the default limit.
  assert.deepEqual(store.query('WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000) SELECT count(*) FROM n').rows, [[1000]]);
  assert.equal(store.listRuns().length, 1);
  store.close();
});

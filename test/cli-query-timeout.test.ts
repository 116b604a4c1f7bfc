import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

const FOREVER = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

test('query --timeout stops a query that runs too long with one line and the store error code', () => {
  const db = join(tempDir('query-timeout'), 'runs.db');
  openStore(db).close();
  const started = Date.now();
  const stopped = runCli(['query', FOREVER, '--db', db, '--timeout', '0.3']);
  assert.equal(stopped.status, 4, stopped.stderr);
  assert.match(stopped.stderr, /^multihop: query stopped after 0\.3 s; narrow it or raise --timeout\n$/);
  assert.ok(Date.now() - started < 20_000, 'it stopped long before the default limit');

  const quick = runCli(['query', 'SELECT count(*) AS n FROM runs', '--db', db, '--timeout', '5', '--json']);
  assert.equal(quick.status, 0, quick.stderr);
  assert.deepEqual(JSON.parse(quick.stdout), [{ n: 0 }]);

  const bad = runCli(['query', 'SELECT 1', '--db', db, '--timeout', '0']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--timeout must be a positive number of seconds, got '0'/);
});

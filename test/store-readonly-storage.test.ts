import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { openStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

const STORE_MODULE = new URL('../src/store/index.js', import.meta.url).href;
const NOBODY = 65534;

// Opens the store read-only and prints its runs, nodes and a query's answer as one JSON line.
const READER = `
import { openStore } from ${JSON.stringify(STORE_MODULE)};
try {
  const store = openStore(process.argv[1], { readonly: true });
  const runs = store.listRuns().map((run) => run.id);
  const nodes = store.listNodes(runs[0]).map((node) => node.key);
  const rows = store.query('SELECT count(*) FROM nodes').rows;
  store.close();
  console.log(JSON.stringify({ runs, nodes, rows }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}
`;

/**
 * Runs the reader as a user who cannot write the folder. Root ignores file modes, so as root the
 * reader runs as `nobody` (setpriv); SQLite then really cannot create the -shm file it needs.
 */
function readAsUnprivileged(path: string): unknown {
  const node = [process.execPath, '--input-type=module', '-e', READER, path];
  const asRoot = process.getuid?.() === 0;
  const [command, ...args] = asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node]
    : node;
  const child = spawnSync(command, args, { encoding: 'utf8' });
  assert.equal(child.error, undefined, `cannot run the reader: ${child.error?.message}`);
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

test('a store in a read-only folder can still be read (runs, nodes, query)', { skip: !existsSync('/usr/bin/setpriv') && process.getuid?.() === 0 ? 'root without setpriv cannot make a folder read-only' : false }, (t) => {
  const path = tempPath();
  const store = openStore(path);
  const runId = store.createRun({ ...sampleRun, id: 'rreadonly' }).id;
  store.markNodeRunning(runId, sampleHop('root'));
  store.recordNodeDone(runId, 'root', sampleResult());
  store.close();
  assert.equal(existsSync(`${path}-shm`), false, 'closing the last connection removes -wal and -shm');

  const folder = dirname(path);
  chmodSync(path, 0o444);
  chmodSync(folder, 0o555);
  t.after(() => {
    chmodSync(folder, 0o700);
    chmodSync(path, 0o644);
  });
  assert.deepEqual(readAsUnprivileged(path), { runs: ['rreadonly'], nodes: ['root'], rows: [[1]] });
  assert.equal(existsSync(`${path}-shm`), false);
});

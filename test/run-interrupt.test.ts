import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { runCli, spawnGatedCli, tempDir } from './fixtures/run/cli.js';

test('Ctrl-C stops a search cleanly: exit 130, run marked interrupted, no node left running, resume finishes it', async () => {
  const db = join(tempDir('interrupt'), 'runs.db');
  // Training job 3 is held once it starts: a node is done and one is running when Ctrl-C comes.
  const child = await spawnGatedCli(['search', '--space', 'tiny', '--workers', '2', '--db', db], 3, tempDir('interrupt-gate'));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const store0 = openStore(db, { readonly: true });
  const nodes0 = store0.listNodes(store0.listRuns()[0].id);
  store0.close();
  assert.ok(nodes0.some((n) => n.status === 'done') && nodes0.some((n) => n.status === 'running'));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /interrupted; continue with: multihop resume r[0-9a-z]+/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');

  const store = openStore(db, { readonly: true });
  const run = store.listRuns()[0];
  const nodes = store.listNodes(run.id);
  store.close();
  assert.equal(run.status, 'interrupted');
  assert.ok(nodes.every((n) => n.status === 'done' || n.status === 'pending'), 'interrupted hops are pending again');
  assert.ok(nodes.some((n) => n.status === 'pending'));

  const resumed = runCli(['resume', run.id, '--db', db, '--json']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(JSON.parse(resumed.stdout).run.status, 'done');
});

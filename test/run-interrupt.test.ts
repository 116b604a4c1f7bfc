import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { openStore, type NodeRecord } from '../src/store/index.js';
import { runCli, spawnCli, tempDir } from './fixtures/run/cli.js';

test('Ctrl-C stops a search cleanly: exit 130, run marked interrupted, no node left running, resume finishes it', async () => {
  const db = join(tempDir('interrupt'), 'runs.db');
  const child = spawnCli(['search', '--space', 'tiny', '--workers', '2', '--db', db]);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 120_000;
  for (;;) {
    assert.ok(Date.now() < deadline, 'the search never started training');
    await sleep(50);
    if (!existsSync(db)) continue;
    let nodes: NodeRecord[] = [];
    try {
      const store = openStore(db, { readonly: true });
      const run = store.listRuns()[0];
      nodes = run ? store.listNodes(run.id) : [];
      store.close();
    } catch {
      // created but not migrated yet
    }
    if (nodes.some((n) => n.status === 'done') && nodes.some((n) => n.status === 'running')) break;
    assert.equal(child.exitCode, null, 'the search finished before it could be interrupted');
  }
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

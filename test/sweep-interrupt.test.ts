/**
 * Ctrl-C in the middle of a sweep: the run in progress is interrupted like a search, the sweep
 * stops with the command that continues it, and `multihop resume --sweep` finishes every run
 * without training again a node that was done.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { runCli, spawnGatedCli, tempDir } from './fixtures/run/cli.js';

test('Ctrl-C mid-sweep stops cleanly; resume --sweep finishes it with no node trained twice', async () => {
  const dir = tempDir('sweep-interrupt');
  const db = join(dir, 'runs.db');
  const file = join(dir, 's.json');
  writeFileSync(file, JSON.stringify({ name: 'interrupted', grid: { dataset: ['iris', 'wine'], seeds: [1, 2] }, fixed: { space: 'tiny' } }));
  // The first run trains 7 nodes; training job 10 is held, so Ctrl-C comes in the second run.
  const child = await spawnGatedCli(['sweep', file, '--workers', '2', '--db', db], 10, tempDir('sweep-interrupt-gate'));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /sweep (s[0-9a-z]+) interrupted; continue with: multihop sweep \S+s\.json \(or multihop resume --sweep s[0-9a-z]+\)/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');

  const store = openStore(db, { readonly: true });
  const sweep = store.listSweeps()[0];
  const runs = store.sweepRuns(sweep.id).map((c) => store.getRun(c.runId)?.status ?? 'none');
  const doneBefore = new Map(
    store.listRuns().flatMap((run) => store.listNodes(run.id).filter((n) => n.status === 'done').map((n) => [`${run.id}/${n.key}`, n.finishedAt] as const)),
  );
  store.close();
  assert.deepEqual(runs, ['done', 'interrupted', 'none', 'none']);
  assert.ok(doneBefore.size >= 8, `${doneBefore.size} nodes done before Ctrl-C`);

  const resumed = runCli(['resume', '--sweep', sweep.id, '--db', db, '--json']);
  assert.equal(resumed.status, 0, resumed.stderr);
  const report = JSON.parse(resumed.stdout);
  assert.equal(report.sweep.status, 'done');
  assert.deepEqual(report.rows.map((row: { status: string }) => row.status), ['done', 'done', 'done', 'done']);

  const after = openStore(db, { readonly: true });
  try {
    for (const run of after.listRuns()) {
      for (const node of after.listNodes(run.id)) {
        assert.equal(node.status, 'done', `${run.id}/${node.key}`);
        const finished = doneBefore.get(`${run.id}/${node.key}`);
        if (finished !== undefined) {
          assert.equal(node.finishedAt, finished, `${run.id}/${node.key} was done before Ctrl-C and is not trained again`);
          assert.equal(node.attempts, 1, `${run.id}/${node.key}`);
        }
      }
    }
    assert.equal(after.listRuns().length, 4, 'one run per combination, none started twice');
  } finally {
    after.close();
  }
});

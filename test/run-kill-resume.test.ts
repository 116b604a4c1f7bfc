import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { nodesOf } from './fixtures/run/stored-nodes.js';
import type { RunSummary } from '../src/report/index.js';
import { runCli, spawnGatedCli, tempDir } from './fixtures/run/cli.js';

const SEARCH = ['search', '--space', 'tiny', '--workers', '2', '--json'];

test('a search killed with SIGKILL resumes without redoing finished hops and ends with the same chain', async () => {
  const dir = tempDir('kill-resume');

  const reference = runCli([...SEARCH, '--db', join(dir, 'reference.db')]);
  assert.equal(reference.status, 0, reference.stderr);
  const expected = JSON.parse(reference.stdout) as RunSummary;

  const db = join(dir, 'killed.db');
  // Training job 6 is held once it starts: with two workers, at least four jobs are done by then.
  const child = await spawnGatedCli([...SEARCH, '--db', db], 6, tempDir('kill-resume-gate'));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  const afterKill = nodesOf(db);
  const doneBefore = afterKill.filter((n) => n.status === 'done');
  const inFlight = afterKill.filter((n) => n.status === 'running');
  assert.ok(doneBefore.length >= 4);
  assert.ok(inFlight.length >= 1, 'some hop was in flight when the process died');

  const runId = openStore(db, { readonly: true }).listRuns()[0].id;
  const resumed = runCli(['resume', runId, '--json', '--db', db]);
  assert.equal(resumed.status, 0, resumed.stderr);
  const actual = JSON.parse(resumed.stdout) as RunSummary;

  // Same result as the uninterrupted run.
  assert.equal(actual.run.status, 'done');
  assert.deepEqual(actual.chains, expected.chains);
  assert.deepEqual(actual.root, expected.root);

  // No duplicate work: finished nodes untouched, only the hops in flight trained again.
  const final = new Map(nodesOf(db).map((n) => [n.key, n]));
  for (const node of doneBefore) {
    const now = final.get(node.key)!;
    assert.equal(now.attempts, 1, `finished node ${node.key} was retrained`);
    assert.equal(now.finishedAt, node.finishedAt);
  }
  for (const node of inFlight) assert.equal(final.get(node.key)?.attempts, 2, `interrupted node ${node.key} trained once more`);
  const referenceKeys = nodesOf(join(dir, 'reference.db')).map((n) => n.key).sort();
  assert.deepEqual([...final.keys()].sort(), referenceKeys, 'the resumed run trained exactly the reference run\'s nodes');
  assert.ok([...final.values()].every((n) => n.status === 'done'));
});

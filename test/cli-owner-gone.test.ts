import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { runCli, spawnGatedCli, tempDir } from './fixtures/run/cli.js';

test('a run whose process was killed shows as "running (owner process gone)" in runs and show; a live one as running', async () => {
  const db = join(tempDir('owner-gone'), 'runs.db');
  const child = await spawnGatedCli(['search', '--space', 'tiny', '--workers', '2', '--db', db], 2, tempDir('owner-gone-gate'));
  const store = openStore(db, { readonly: true });
  const runId = store.listRuns()[0].id;
  store.close();

  const live = runCli(['runs', '--db', db]);
  assert.equal(live.status, 0, live.stderr);
  assert.match(live.stdout, new RegExp(`${runId}\\s*│\\s*running\\s*│`));
  assert.doesNotMatch(live.stdout, /owner process gone/);

  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const runs = runCli(['runs', '--db', db]);
  assert.match(runs.stdout, /running \(owner process gone\)/);
  const json = JSON.parse(runCli(['runs', '--db', db, '--json']).stdout) as Array<{ id: string; status: string; ownerGone: boolean }>;
  assert.deepEqual(json.map((r) => [r.id, r.status, r.ownerGone]), [[runId, 'running', true]]);
  const shown = runCli(['show', runId, '--db', db]);
  assert.match(shown.stdout, new RegExp(`^run ${runId} · running \\(owner process gone\\) · `));

  assert.equal(runCli(['resume', runId, '--db', db, '--json']).status, 0);
  const after = runCli(['runs', '--db', db]);
  assert.match(after.stdout, /│\s*done\s*│/);
  assert.doesNotMatch(after.stdout, /owner process gone/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RunSummary } from '../src/report/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

test('search, runs, show and query work together on one results database', () => {
  const db = join(tempDir('cli-show'), 'runs.db');
  // 3 seeds × 2 methods × 2 candidates: a step queues more than 10 hops at once.
  const search = runCli(['search', '--space', 'tiny', '--methods', 'kd,sratio', '--seeds', '3', '--workers', '2', '--db', db, '--json']);
  assert.equal(search.status, 0, search.stderr);
  assert.doesNotMatch(search.stderr, /Warning/, 'no Node warning (e.g. MaxListenersExceeded) reaches the user');
  const summary = JSON.parse(search.stdout) as RunSummary;
  assert.equal(summary.run.status, 'done');
  assert.deepEqual(summary.chains.map((c) => c.kind), ['scratch', 'one-hop', 'multihop']);
  for (const chain of summary.chains) {
    assert.ok(chain.test.mean > 0 && chain.test.mean <= 1);
    assert.equal(chain.links.at(-1)?.archLabel, 'mlp[2]', 'every chain ends at the target');
  }
  assert.ok(summary.root && summary.root.params > summary.chains[0].links[0].params);

  const shown = runCli(['show', summary.run.id, '--db', db]);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /complex model: mlp\[64-32\] \(6,570 params\)/);
  assert.match(shown.stdout, /scratch .*mlp\[2\] \(160\)/);
  assert.match(shown.stdout, /one-hop .*mlp\[64-32\] \(6,570\) → mlp\[2\] \(160\)/);
  assert.match(shown.stdout, /multihop − 1-hop: [+-]\d+\.\d\d pts test/);
  // Each model of the selected chain with its size and accuracy.
  assert.match(shown.stdout, /selected chain, model by model \(mean over 3 seeds\):\n  1\. mlp\[64-32\] · 6,570 params · complex model · val \d+\.\d\d% · test \d+\.\d\d%/);
  assert.match(shown.stdout, /\n  \d\. mlp\[2\] · 160 params · target, by (kd|sratio) · val \d+\.\d\d% · test \d+\.\d\d%/);
  const shownJson = JSON.parse(runCli(['show', summary.run.id, '--db', db, '--json']).stdout) as RunSummary;
  assert.deepEqual(shownJson.chains, summary.chains);

  const runs = JSON.parse(runCli(['runs', '--db', db, '--json']).stdout) as Array<{ id: string; status: string }>;
  assert.deepEqual(runs.map((r) => [r.id, r.status]), [[summary.run.id, 'done']]);

  const csv = runCli(['query', `SELECT method, count(*) AS n FROM nodes WHERE run_id = '${summary.run.id}' GROUP BY method ORDER BY method`, '--db', db, '--csv']);
  assert.equal(csv.status, 0, csv.stderr);
  const rows = parse(csv.stdout, { columns: true }) as Array<{ method: string; n: string }>;
  assert.deepEqual(rows.map((r) => r.method), ['kd', 'root', 'scratch', 'sratio']);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  assert.equal(total, summary.nodes.done);

  const json = JSON.parse(runCli(['query', 'SELECT count(*) AS signals FROM teacher_signals WHERE kind = \'teacher\'', '--db', db, '--json']).stdout);
  // Teachers: the root and the intermediates that taught a target; each signal computed once.
  const teachers = JSON.parse(
    runCli(['query', `SELECT count(DISTINCT parent_key) AS n FROM nodes WHERE method IN ('kd','sratio') AND run_id = '${summary.run.id}'`, '--db', db, '--json']).stdout,
  );
  assert.equal(json[0].signals, teachers[0].n);
  // The stored rows would hide a recomputation (a second write replaces the first): the run's own
  // count of signal computations must match too.
  const done = JSON.parse(
    runCli(['query', `SELECT data FROM run_events WHERE run_id = '${summary.run.id}' AND message = 'done'`, '--db', db, '--json']).stdout,
  );
  assert.equal(JSON.parse(done[0].data).teacherSignalsComputed, teachers[0].n);
});

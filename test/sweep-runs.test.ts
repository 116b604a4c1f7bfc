/**
 * `multihop sweep` end to end on small real runs (iris and wine, the tiny space): a sweep of four
 * combinations finishes; running it again trains nothing; a failing combination is recorded and
 * the sweep goes on; `sweeps` lists it and `report --sweep` gives the cross-run table in three
 * formats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import type { NodeRecord } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

function nodesByRun(db: string): Map<string, Array<Pick<NodeRecord, 'key' | 'status' | 'attempts' | 'startedAt' | 'finishedAt'>>> {
  const store = openStore(db, { readonly: true });
  try {
    return new Map(
      store.listRuns().map((run) => [
        run.id,
        store.listNodes(run.id).map(({ key, status, attempts, startedAt, finishedAt }) => ({ key, status, attempts, startedAt, finishedAt })),
      ]),
    );
  } finally {
    store.close();
  }
}

function writeSweep(dir: string, spec: unknown): string {
  const file = join(dir, 's.json');
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

test('a sweep of 4 runs finishes; run again it trains nothing; sweeps and report --sweep (html, md, json) show it', () => {
  const dir = tempDir('sweep-runs');
  const db = join(dir, 'runs.db');
  const file = writeSweep(dir, { name: 'four', grid: { dataset: ['iris', 'wine'], seeds: [1, 2] }, fixed: { space: 'tiny', methods: 'kd' } });

  const first = runCli(['sweep', file, '--db', db, '--workers', '2', '--json']);
  assert.equal(first.status, 0, first.stderr);
  const report = JSON.parse(first.stdout);
  assert.deepEqual(report.sweep.status, 'done');
  assert.deepEqual(
    report.rows.map((row: { values: unknown; status: string }) => [row.values, row.status]),
    [
      [{ dataset: 'iris', seeds: 1 }, 'done'],
      [{ dataset: 'iris', seeds: 2 }, 'done'],
      [{ dataset: 'wine', seeds: 1 }, 'done'],
      [{ dataset: 'wine', seeds: 2 }, 'done'],
    ],
  );
  const sweepId: string = report.sweep.id;
  for (const row of report.rows) {
    assert.ok(row.best && row.scratch, `run ${row.runId} has a best model and a scratch baseline`);
    assert.equal(row.seeds, row.values.seeds);
  }
  const before = nodesByRun(db);
  assert.equal(before.size, 4);
  const store = openStore(db, { readonly: true });
  const run2 = store.getRun(`${sweepId}-2`);
  store.close();
  assert.deepEqual(run2?.command, ['search', '--space', 'tiny', '--methods', 'kd', '--dataset', 'iris', '--seeds', '2']);
  assert.deepEqual(run2?.seeds, [0, 1]);

  const again = runCli(['sweep', file, '--db', db, '--json']);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(nodesByRun(db), before, 'no node trained again, none added, timestamps unchanged');
  assert.equal(JSON.parse(again.stdout).sweep.id, sweepId, 'the same sweep, found by name and spec');
  const resumed = runCli(['resume', '--sweep', sweepId, '--db', db, '--json']);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(nodesByRun(db), before);

  const listed = runCli(['sweeps', '--db', db, '--json']);
  assert.equal(listed.status, 0, listed.stderr);
  assert.deepEqual(
    JSON.parse(listed.stdout).map((s: Record<string, unknown>) => [s.id, s.name, s.done, s.total, s.status]),
    [[sweepId, 'four', 4, 4, 'done']],
  );
  assert.match(runCli(['sweeps', '--db', db]).stdout, new RegExp(`${sweepId} .*four .*4/4 .*done`));

  for (const format of ['html', 'md', 'json']) {
    const out = join(dir, `sweep.${format}`);
    const written = runCli(['report', '--sweep', sweepId, '--format', format, '--out', out, '--db', db]);
    assert.equal(written.status, 0, written.stderr);
    const text = readFileSync(out, 'utf8');
    for (let i = 1; i <= 4; i++) assert.ok(text.includes(`${sweepId}-${i}`), `${format} names run ${i}`);
    if (format === 'json') assert.deepEqual(JSON.parse(text), JSON.parse(first.stdout));
    if (format === 'md') assert.match(text, /\| # \| run \| dataset \| seeds \| status \| best simple model \|.*scratch val % \| scratch test % \| 1-hop val % .*multihop test % \|/);
    if (format === 'html') {
      assert.match(text, /^<!doctype html>/);
      assert.match(text, /<th>dataset<\/th><th>seeds<\/th>/);
      assert.doesNotMatch(text, /<script|https?:\/\//, 'self-contained');
    }
  }
  const bad = runCli(['report', '--sweep', sweepId, '--format', 'pdf', '--db', db]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--format must be html, md, json with --sweep, got 'pdf'/);
  assert.match(runCli(['report', '--db', db]).stderr, /give the id of a run .* or --sweep <id>/);
  assert.match(runCli(['resume', '--sweep', 'nope', '--db', db]).stderr, /^multihop: no sweep 'nope' in .*; list them with 'multihop sweeps'\n$/);

  // The same name with another grid is another sweep: refused, nothing started.
  writeSweep(dir, { name: 'four', grid: { dataset: ['iris'], seeds: [1, 2] }, fixed: { space: 'tiny', methods: 'kd' } });
  const renamed = runCli(['sweep', file, '--db', db]);
  assert.equal(renamed.status, 2);
  assert.match(renamed.stderr, new RegExp(`already has a sweep named 'four' \\(${sweepId}\\) with another grid; rename this sweep`));
  assert.deepEqual(nodesByRun(db), before);
});

test('a failing combination is recorded with its one-line error, the sweep goes on, and the exit code says so', () => {
  const dir = tempDir('sweep-failing');
  const db = join(dir, 'runs.db');
  const missing = join(dir, 'missing.csv');
  const file = writeSweep(dir, { name: 'one bad', grid: { dataset: [missing, 'iris'] }, fixed: { space: 'tiny' } });

  const result = runCli(['sweep', file, '--db', db, '--workers', '2']);
  assert.equal(result.status, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  const last = result.stderr.trim().split('\n').at(-1) ?? '';
  assert.match(last, /^multihop: sweep s[0-9a-z]+: 1 of 2 runs failed \(run s[0-9a-z]+-1: .*missing\.csv.*\); fix the cause, then: multihop sweep /);
  assert.match(result.stdout, /\| 1 \| s[0-9a-z]+-1 \| .*missing\.csv \| failed: .*missing\.csv/);
  assert.match(result.stdout, /\| 2 \| s[0-9a-z]+-2 \| iris \| done \|/);

  const listed = JSON.parse(runCli(['sweeps', '--db', db, '--json']).stdout);
  assert.deepEqual([listed[0].done, listed[0].failed, listed[0].total, listed[0].status], [1, 1, 2, 'failed']);
  const sweepId: string = listed[0].id;
  const report = JSON.parse(runCli(['report', '--sweep', sweepId, '--format', 'json', '--out', join(dir, 'r.json'), '--db', db]).stdout ? readFileSync(join(dir, 'r.json'), 'utf8') : '{}');
  assert.equal(report.rows[0].status, 'failed');
  assert.match(report.rows[0].error, /missing\.csv/);
  assert.doesNotMatch(report.rows[0].error, /\n/);

  // Run again: the failed combination is tried again (and fails again); the done one is not retrained.
  const before = nodesByRun(db);
  const again = runCli(['sweep', file, '--db', db]);
  assert.equal(again.status, 1, again.stderr);
  assert.deepEqual(nodesByRun(db), before);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns, summariseRun, type RunComparison, type RunSummary } from '../src/report/index.js';
import { openStore } from '../src/store/index.js';
import { sharedRun } from './fixtures/report/shared-run.js';
import { runCli } from './fixtures/run/cli.js';

function sharedSummary(): RunSummary {
  const { db, runId } = sharedRun();
  const store = openStore(db, { readonly: true });
  try {
    return summariseRun(store, runId);
  } finally {
    store.close();
  }
}

test('compare lines two runs up and marks exactly the rows that differ', () => {
  const a = sharedSummary();
  const b: RunSummary = structuredClone(a);
  b.run.id = 'rother';
  b.run.strategy = 'beam';
  const multihop = b.chains.find((c) => c.kind === 'multihop');
  assert.ok(multihop);
  multihop.test = { mean: 0.5, std: 0.25, perSeed: [0.25, 0.75] };
  b.gain = { overOneHop: 0.1234, overScratch: -0.02 };

  const { rows } = compareRuns(a, b);
  const row = (label: string) => rows.find((r) => r.label === label);
  assert.deepEqual(
    rows.filter((r) => r.differs).map((r) => r.label),
    ['run', 'strategy', 'multihop test %', 'multihop − 1-hop (test)', 'multihop − scratch (test)'],
  );
  assert.equal(row('multihop test %')?.b, '50.00 ± 25.00');
  assert.equal(row('multihop − 1-hop (test)')?.b, '+12.34 pts');
  assert.equal(row('multihop − scratch (test)')?.b, '-2.00 pts');
  assert.equal(row('dataset')?.a, 'wine');
});

test('multihop compare prints a side-by-side table, and JSON with --json', () => {
  const { db, runId } = sharedRun();
  const text = runCli(['compare', runId, runId, '--db', db]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`run ${runId}.*run ${runId}`));
  assert.match(text.stdout, /multihop test %/);
  assert.doesNotMatch(text.stdout, /≠/, 'a run compared with itself differs nowhere');
  const json = runCli(['compare', runId, runId, '--db', db, '--json']);
  assert.equal(json.status, 0, json.stderr);
  const comparison = JSON.parse(json.stdout) as RunComparison;
  assert.equal(comparison.a.run.id, runId);
  assert.ok(comparison.rows.every((r) => !r.differs && r.a === r.b));
});

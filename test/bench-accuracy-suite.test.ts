// The accuracy suite v2 (issue 13): a sweep file plus its report. The smoke sweep runs for real
// (2 datasets × 2 split seeds), the report is rebuilt from the store, and the aggregation is
// checked against hand-computed values on synthetic runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAccuracySuite } from '../benchmarks/accuracy/suite-main.js';
import { aggregateSuite, type SuiteRun } from '../benchmarks/accuracy/suite-report.js';
import { sklearnAvailability } from '../benchmarks/accuracy/sklearn-availability.js';
import { tempDir } from './fixtures/run/cli.js';

test('the smoke suite runs its sweep through the CLI, adds scikit-learn on each run\'s split and writes the table; --report-only trains nothing', async () => {
  const dir = tempDir('suite-smoke');
  const db = join(dir, 'suite.db');
  const lines: string[] = [];
  const sklearn = sklearnAvailability().ok;
  const report = await runAccuracySuite({ smoke: true, reportOnly: false, sklearn, db, out: dir, log: (l) => lines.push(l) });
  assert.equal(report.sweep.done, 4);
  assert.deepEqual(report.rows.map((r) => [r.dataset, r.runs]), [['iris', 2], ['wine', 2]]);
  const json = JSON.parse(readFileSync(join(dir, 'accuracy.json'), 'utf8')) as { runs: SuiteRun[] };
  assert.equal(json.runs.length, 4);
  for (const run of json.runs) {
    for (const value of [run.complex, run.scratch, run.oneHop, run.multihop, run.best]) assert.ok(value !== null && value >= 0 && value <= 1, JSON.stringify(run));
    // The best simple model is one of scratch, 1-hop and multihop.
    assert.ok([run.scratch, run.oneHop, run.multihop].includes(run.best));
    if (sklearn) assert.ok(run.sklearn !== null && run.sklearnSetting !== null);
    assert.ok(run.wallSeconds > 0 && run.wallSeconds < 600, `wall ${run.wallSeconds}`);
  }
  assert.ok(Math.abs(report.time.seconds - json.runs.reduce((sum, r) => sum + r.wallSeconds, 0)) < 1e-9);
  assert.equal(report.time.notSettled, 0);
  assert.equal(report.time.met, true);
  const iris = json.runs.filter((r) => r.dataset === 'iris');
  const gain = (iris[0].multihop! - iris[0].oneHop! + iris[1].multihop! - iris[1].oneHop!) / 2;
  assert.ok(Math.abs(report.rows[0].multihopMinusOneHop.meanDifference - gain) < 1e-12);
  const markdown = readFileSync(join(dir, 'accuracy.md'), 'utf8');
  assert.match(markdown, /\*\*Headline\.\*\* Best simple model − scikit-learn's tuned model/);
  assert.match(markdown, /\| iris \| suite-smoke-gbt-to-tree2 \| tree\[d2\] \| 2 \|/);
  assert.match(markdown, /Time: 0\.\d h over 4 runs .*goal ≤ 6\.0 h on 2 cores: \*\*met\*\*/);

  // Re-rendering reads the store only: the same rows, and the sweep is not run again.
  const again = await runAccuracySuite({ smoke: true, reportOnly: true, sklearn, db, out: join(dir, 'again'), log: (l) => lines.push(l) });
  assert.deepEqual(again.rows, report.rows);
  assert.ok(existsSync(join(dir, 'again', 'accuracy.md')));
  assert.equal(lines.filter((l) => l.includes(' sweep ')).length, 1, 'the CLI sweep ran once');
});

const run = (over: Partial<SuiteRun>): SuiteRun => ({
  runId: 'r', dataset: 'd', space: 's', splitSeed: 0, targetLabel: 'tree[d2]', targetFamily: 'tree', targetParams: 7,
  rootLabel: 'gbt[r200 d4]', rootFamily: 'gbt', rootParams: 7000, complex: 0.9, scratch: 0.7, oneHop: 0.72, multihop: 0.72,
  multihopHasIntermediate: false, noIntermediate: 0.72, best: 0.72, bestKind: 'one-hop', sklearn: 0.71, sklearnSetting: '{}', wallSeconds: 60, ...over,
});

test('aggregateSuite: per-row paired differences, negative chain gains counted, the goals judged per dataset', () => {
  const runs = [
    run({ dataset: 'a', splitSeed: 0, multihop: 0.75, multihopHasIntermediate: true, best: 0.75, sklearn: 0.74 }),
    run({ dataset: 'a', splitSeed: 1, multihop: 0.70, multihopHasIntermediate: true, best: 0.72, sklearn: 0.71 }),
    run({ dataset: 'b', splitSeed: 0, best: 0.60, sklearn: 0.64 }),
    run({ dataset: 'b', splitSeed: 1, best: 0.62, sklearn: 0.64 }),
  ];
  const report = aggregateSuite(runs, { id: 'x', name: 'n', status: 'done', done: 4, failed: 0, total: 4 });
  const [a, b] = report.rows;
  // a: multihop − 1-hop = +0.03 and −0.02; one of the two chains with an intermediate lost.
  assert.ok(Math.abs(a.multihopMinusOneHop.meanDifference - 0.005) < 1e-12);
  assert.equal(a.withIntermediate, 2);
  assert.equal(a.negativeGain, 1);
  // best − sklearn: a +0.01 on both seeds; b −0.04 and −0.02 → −3 points on dataset b.
  assert.ok(Math.abs(a.bestMinusSklearn.meanDifference - 0.01) < 1e-12);
  assert.ok(Math.abs(b.bestMinusSklearn.meanDifference + 0.03) < 1e-12);
  assert.ok(Math.abs(report.goals.averageBestMinusSklearn! - -1) < 1e-9);
  assert.equal(report.goals.averageMet, false);
  assert.equal(report.goals.everyDatasetMet, false);
  assert.deepEqual(report.goals.perDataset.map((d) => d.dataset), ['a', 'b']);
  assert.ok(report.chains.byGroup.some((g) => g.group === 'capacity gap (complex/target params): ≥ 1000×' && g.rows === 2));
  assert.deepEqual(report.time, { seconds: 240, runs: 4, notSettled: 0, goalSeconds: 21600, met: true });
});

test('aggregateSuite: the 6-hour goal is judged once every run is settled, or as missed as soon as the time spent exceeds it', () => {
  const partial = aggregateSuite([run({ wallSeconds: 3000 }), run({ splitSeed: 1, wallSeconds: 4000 })], { id: 'x', name: 'n', status: 'incomplete', done: 2, failed: 0, total: 8 });
  assert.deepEqual(partial.time, { seconds: 7000, runs: 2, notSettled: 6, goalSeconds: 21600, met: null });
  const over = aggregateSuite([run({ wallSeconds: 20000 }), run({ splitSeed: 1, wallSeconds: 4000 })], { id: 'x', name: 'n', status: 'incomplete', done: 2, failed: 0, total: 8 });
  assert.equal(over.time.met, false);
  const settled = aggregateSuite([run({ wallSeconds: 3000 })], { id: 'x', name: 'n', status: 'failed', done: 1, failed: 1, total: 2 });
  assert.equal(settled.time.met, true);
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runAccuracyBenchmark } from '../benchmarks/accuracy/accuracy-main.js';
import type { BenchReport } from '../benchmarks/accuracy/accuracy-report.js';

test('the smoke suite runs the greedy search per seed and writes the table, JSON and SVG plot', async () => {
  const out = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    const lines: string[] = [];
    const report = await runAccuracyBenchmark({ smoke: true, out, sklearn: false, log: (l) => lines.push(l) });
    assert.equal(report.runs.length, 2, 'one run per seed');
    assert.deepEqual(report.runs.map((r) => [r.dataset, r.method, r.seed]), [['iris', 'kd', 0], ['iris', 'kd', 1]]);
    for (const run of report.runs) {
      for (const chain of [run.scratch, run.oneHop, run.multihop]) {
        assert.ok(chain && chain.test >= 0 && chain.test <= 1, `test accuracy in [0, 1] for ${run.runId}`);
      }
      assert.ok(run.root && run.root.params > run.target.params, 'the complex model is bigger than the target');
    }
    assert.equal(report.rows.length, 1);
    const [row] = report.rows;
    assert.equal(row.oneHop.n, 2);
    // The gain is the paired mean of multihop − 1-hop over the two seeds.
    const gains = report.runs.map((r) => r.multihop!.test - r.oneHop!.test);
    assert.ok(Math.abs(row.gain.meanDifference - (gains[0] + gains[1]) / 2) < 1e-12);
    assert.equal(report.meta.complete, true);
    assert.match(report.meta.sklearn, /skipped/);

    const markdown = readFileSync(join(out, 'accuracy.md'), 'utf8');
    assert.match(markdown, /\| dataset \| method \| seeds \| complex \| scratch \| sklearn \| 1-hop \| multihop \|/);
    assert.match(markdown, /\| iris \| kd \| 2 \|/);
    const json = JSON.parse(readFileSync(join(out, 'accuracy.json'), 'utf8')) as BenchReport;
    assert.equal(json.runs.length, 2);
    assert.match(readFileSync(join(out, 'accuracy-gain.svg'), 'utf8'), /^<svg[^>]*>/);
    assert.ok(lines.some((l) => l.startsWith('iris kd seed 1:')));

    // --resume keeps the finished runs and trains nothing new.
    const resumed = await runAccuracyBenchmark({ smoke: true, out, sklearn: false, resume: true, log: () => {} });
    assert.deepEqual(resumed.runs.map((r) => r.runId), report.runs.map((r) => r.runId));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('an unknown dataset in --datasets is refused with the known names', async () => {
  await assert.rejects(runAccuracyBenchmark({ smoke: true, datasets: ['nope'], out: tmpdir() }), /unknown dataset 'nope'.*known: iris/);
});

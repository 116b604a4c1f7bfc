/**
 * `npm run bench:accuracy`: the accuracy suite v2 (issue 13) is a sweep file plus this report.
 *
 *   npm run bench:accuracy                      # the full suite: exports the datasets, runs (or
 *                                               # continues) the sweep, writes benchmarks/results/accuracy.{md,json}
 *   npm run bench:accuracy -- --report-only     # re-render from the results store, training nothing
 *   npm run bench:accuracy -- --smoke           # seconds: 2 sets × 2 split seeds, for CI
 *
 * The sweep runs through the product's own CLI (`multihop sweep`), so Ctrl-C stops it cleanly and
 * running the command again continues where it stopped, never retraining a finished hop; the
 * report then covers the runs that are done and says how many are. Options: --db PATH (default
 * data-cache/accuracy-suite.db, or a fresh temporary one for --smoke), --out DIR, --workers N,
 * --no-sklearn.
 */
import { spawnSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSearchSpace, searchSpacePath } from '../../src/search/index.js';
import { openStore } from '../../src/store/index.js';
import { loadSweepFile } from '../../src/sweep/index.js';
import { sweepFlags } from '../../src/cli/search-flags.js';
import { BENCH_DATASETS, benchDatasetPath } from '../data/bench-datasets.js';
import { repositoryRoot } from '../bench-root.js';
import { SklearnCache } from './sklearn-same-size.js';
import { aggregateSuite, collectSuiteRuns, datasetLabel, renderSuiteMarkdown, type SuiteReport, type SuiteRun } from './suite-report.js';
import { sklearnAvailability } from './sklearn-availability.js';

export interface SuiteOptions {
  smoke: boolean;
  reportOnly: boolean;
  sklearn: boolean;
  db?: string;
  out?: string;
  workers?: number;
  log(line: string): void;
}

/** A failed run's space as the table names it: the space file's own name, as a finished run's config has it. */
function spaceName(space: string): string {
  try {
    return loadSearchSpace(searchSpacePath(space)).name;
  } catch {
    return basename(space).replace(/\.json$/, '');
  }
}

/** Runs (or continues) the suite's sweeps, then writes the report; returns it. */
export async function runAccuracySuite(options: SuiteOptions): Promise<SuiteReport> {
  const root = repositoryRoot();
  // The tree targets first: they train in seconds, so an interrupted overnight run covers every
  // dataset with them before the slower network targets start; Fashion-MNIST (10,000 training
  // images, the official test set) last.
  const sweepFiles = (options.smoke ? ['smoke.sweep.json'] : ['suite-trees.sweep.json', 'suite-gbt.sweep.json', 'suite-mlp.sweep.json', 'suite-fashion.sweep.json']).map((file) =>
    join(root, 'benchmarks', 'accuracy', 'suite', file),
  );
  const db = options.db ?? (options.smoke ? join(mkdtempSync(join(tmpdir(), 'multihop-suite-smoke-')), 'suite.db') : join(root, 'data-cache', 'accuracy-suite.db'));
  const out = options.out ?? (options.smoke ? join(db, '..') : join(root, 'benchmarks', 'results'));
  if (!options.smoke) for (const source of BENCH_DATASETS) benchDatasetPath(source);
  const sweeps = sweepFiles.map((file) => loadSweepFile(file, sweepFlags()));
  for (const file of options.reportOnly ? [] : sweepFiles) {
    const cli = join(root, 'dist', 'src', 'cli', 'main.js');
    const args = [cli, 'sweep', file, '--db', db, ...(options.workers ? ['--workers', String(options.workers)] : [])];
    options.log(`node ${args.join(' ')}`);
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: options.smoke ? 'pipe' : 'inherit', encoding: 'utf8' });
    if (result.status === 130) throw new Error(`interrupted; run the same command again to continue the sweep`);
    if (result.status !== 0) options.log(`the sweep exited with ${result.status}${result.stderr ? `: ${result.stderr.trim().split('\n').pop()}` : ''}; reporting the runs that are done`);
  }
  const availability = options.sklearn ? sklearnAvailability() : { ok: false as const, reason: 'skipped (--no-sklearn)' };
  const store = openStore(db, { readonly: true });
  try {
    const cache = availability.ok ? new SklearnCache() : null;
    const runs: SuiteRun[] = [];
    const failures: SuiteReport['failures'] = [];
    const status = { id: '', name: '', status: 'done', done: 0, failed: 0, total: 0 };
    for (const sweep of sweeps) {
      const record = store.findSweep(sweep.spec.name);
      if (!record) {
        // Not started yet (an interrupted suite runs its sweeps in order): its runs count as not done.
        options.log(`${db} has no sweep '${sweep.spec.name}' yet: its ${sweep.combinations.length} runs are reported as not done`);
        status.total += sweep.combinations.length;
        status.status = 'incomplete';
        status.name = [status.name, `${sweep.spec.name} (not started)`].filter(Boolean).join(', ');
        continue;
      }
      const collected = await collectSuiteRuns(store, record.id, cache, options.log);
      runs.push(...collected.runs);
      for (const row of collected.report.rows.filter((r) => r.status === 'failed')) {
        const dataset = datasetLabel(String(row.values.dataset ?? ''));
        const space = spaceName(String(row.values.space ?? ''));
        const group = failures.find((f) => f.dataset === dataset && f.space === space);
        if (group) group.runs += 1;
        else failures.push({ dataset, space, runs: 1, reason: row.error ?? 'unknown' });
      }
      const { sweep: s } = collected.report;
      status.id = [status.id, record.id].filter(Boolean).join(', ');
      status.name = [status.name, record.name].filter(Boolean).join(', ');
      if (s.status !== 'done') status.status = s.status;
      status.done += s.done;
      status.failed += s.failed;
      status.total += s.total;
    }
    const suite = aggregateSuite(runs, status, failures);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const markdown = renderSuiteMarkdown(suite, {
      host: `${cpu}, ${cpus().length} cores, Node ${process.version}`,
      sklearn: availability.ok ? `scikit-learn ${availability.version}, tuned on each run's validation split` : `scikit-learn ${availability.reason}`,
      command: options.smoke ? 'npm run bench:accuracy -- --smoke' : 'npm run bench:accuracy',
    });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'accuracy.md'), markdown);
    writeFileSync(join(out, 'accuracy.json'), `${JSON.stringify({ ...suite, runs }, null, 2)}\n`);
    options.log(`wrote ${join(out, 'accuracy.md')}`);
    return suite;
  } finally {
    store.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      'no-sklearn': { type: 'boolean', default: false },
      db: { type: 'string' },
      out: { type: 'string' },
      workers: { type: 'string' },
    },
  });
  await runAccuracySuite({
    smoke: values.smoke ?? false,
    reportOnly: values['report-only'] ?? false,
    sklearn: !(values['no-sklearn'] ?? false),
    db: values.db,
    out: values.out,
    workers: values.workers ? Number(values.workers) : undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  });
}

if (process.argv[1]?.endsWith(join('accuracy', 'suite-main.js'))) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:accuracy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

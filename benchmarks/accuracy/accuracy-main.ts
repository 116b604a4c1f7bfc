/**
 * `npm run bench:accuracy`: the accuracy benchmark (issue 4). For every dataset × method × seed it
 * runs the greedy search, then writes accuracy.md, accuracy.json and accuracy-gain.svg. Results
 * are rewritten after every run, so a cut-off still leaves a (partial) table; `--resume` skips the
 * runs already in accuracy.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { MultihopError } from '../../src/core/index.js';
import { openStore } from '../../src/store/index.js';
import { buildReport, renderMarkdown, sklearnKey, type BenchMeta, type BenchReport } from './accuracy-report.js';
import { renderGainPlot } from './accuracy-plot.js';
import { runOne, type RunOutcome } from './accuracy-run.js';
import { BENCH_METHODS, FULL_SUITE, SMOKE_SUITE, repositoryRoot, type BenchMethod, type BenchSuite } from './accuracy-suite.js';
import { sklearnAvailability, sklearnBaseline, type SklearnBaseline } from './sklearn-baseline.js';

/** Options of one benchmark invocation. */
export interface AccuracyOptions {
  smoke?: boolean;
  /** Folder for accuracy.md / .json / -gain.svg. */
  out?: string;
  datasets?: string[];
  methods?: string[];
  seeds?: number;
  workers?: number;
  resume?: boolean;
  sklearn?: boolean;
  /** Share of each training split reserved for the complex model (default 0). */
  rootShare?: number;
  /** Base name of the output files (default `accuracy`). */
  name?: string;
  log?: (line: string) => void;
}

/**
 * The commit of the checkout the command runs in (cwd), or $MULTIHOP_BENCH_COMMIT when set: a long
 * suite can run from an exported tree (`git archive HEAD`) so that edits in the checkout cannot
 * change the code under it.
 */
function gitCommit(): string {
  if (process.env.MULTIHOP_BENCH_COMMIT) return process.env.MULTIHOP_BENCH_COMMIT;
  try {
    // The code's own tree, wherever the suite is started from; git's complaint stays off the terminal.
    const options = { cwd: repositoryRoot(), encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], options).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'search-spaces', 'benchmarks/accuracy'], options).trim();
    return dirty ? `${commit} (+ uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

function suiteFor(options: AccuracyOptions): BenchSuite {
  const base = options.smoke ? SMOKE_SUITE : FULL_SUITE;
  const known = base.datasets.map((d) => d.dataset);
  for (const name of options.datasets ?? []) {
    if (!known.includes(name)) throw new MultihopError(`--datasets: unknown dataset '${name}' in suite ${base.name}; known: ${known.join(', ')}`);
  }
  for (const method of options.methods ?? []) {
    if (!BENCH_METHODS.includes(method as BenchMethod)) throw new MultihopError(`--methods: unknown method '${method}'; known: ${BENCH_METHODS.join(', ')}`);
  }
  return {
    ...base,
    datasets: options.datasets ? base.datasets.filter((d) => options.datasets!.includes(d.dataset)) : base.datasets,
    methods: options.methods ? (options.methods as BenchMethod[]) : base.methods,
    seeds: options.seeds !== undefined ? Array.from({ length: options.seeds }, (_, i) => i) : base.seeds,
    workers: options.workers ?? base.workers,
    rootShare: options.rootShare ?? base.rootShare,
  };
}

interface PreviousRuns {
  runs: RunOutcome[];
  sklearn: Record<string, SklearnBaseline>;
  wallMs: number;
  /** The commit the kept runs were measured at. */
  gitCommit?: string;
}

function previousRuns(jsonPath: string): PreviousRuns {
  if (!existsSync(jsonPath)) return { runs: [], sklearn: {}, wallMs: 0 };
  const previous = JSON.parse(readFileSync(jsonPath, 'utf8')) as BenchReport;
  return { runs: previous.runs, sklearn: previous.sklearn, wallMs: previous.meta.wallMs, gitCommit: previous.meta.gitCommit };
}

/** Fashion-MNIST is not shipped: the suite skips it, with a note, when its files are absent. */
async function datasetAvailable(dataset: string): Promise<string | null> {
  if (dataset !== 'fashion-mnist') return null;
  const { loadFashionMnist } = await import('../../src/data/index.js');
  try {
    loadFashionMnist();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Runs the suite and writes the results; returns the final report. */
export async function runAccuracyBenchmark(options: AccuracyOptions = {}): Promise<BenchReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const suite = suiteFor(options);
  // The smoke run never overwrites the committed results.
  const defaultOut = options.smoke ? join(tmpdir(), 'multihop-bench-smoke') : join(repositoryRoot(), 'benchmarks', 'results');
  const out = resolve(options.out ?? defaultOut);
  mkdirSync(out, { recursive: true });
  const name = options.name ?? 'accuracy';
  const jsonPath = join(out, `${name}.json`);
  const previous: PreviousRuns = options.resume ? previousRuns(jsonPath) : { runs: [], sklearn: {}, wallMs: 0 };
  const runs = [...previous.runs];
  const sklearn: Record<string, SklearnBaseline> = { ...previous.sklearn };
  const sk = options.sklearn === false ? { ok: false as const, reason: 'disabled with --no-sklearn' } : sklearnAvailability();
  const workDir = mkdtempSync(join(tmpdir(), 'multihop-bench-'));
  const store = openStore(join(workDir, 'accuracy.db'));
  const started = performance.now();
  // Read once, at the start: the code that runs is the code checked out now.
  const commitNow = gitCommit();
  const notes = new Map<string, string>();
  const meta = (complete: boolean): BenchMeta => ({
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    backend: [...new Set(runs.map((r) => r.backend))].join(', ') || 'none yet',
    // Kept runs were measured at their own commit: say so when this invocation added none or some.
    gitCommit:
      previous.gitCommit === undefined
        ? commitNow
        : runs.length === previous.runs.length
          ? previous.gitCommit
          : `${previous.gitCommit}, then ${commitNow}`,
    suite: suite.name,
    rootShare: suite.rootShare,
    outputName: name,
    // A resume that trains nothing (a re-render) adds no time to the suite's.
    wallMs: Math.round(previous.wallMs + (runs.length > previous.runs.length ? performance.now() - started : 0)),
    complete,
    sklearn: sk.ok ? `scikit-learn ${sk.version}` : `skipped: ${sk.reason}`,
  });
  const write = async (complete: boolean): Promise<BenchReport> => {
    const datasets = suite.datasets.map((d) => (notes.has(d.dataset) ? { ...d, note: `${d.note}. **Skipped:** ${notes.get(d.dataset)}` } : d));
    const report = buildReport(meta(complete), { ...suite, datasets }, runs, sklearn);
    writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(out, `${name}.md`), renderMarkdown(report));
    writeFileSync(join(out, `${name}-gain.svg`), await renderGainPlot(report.rows));
    return report;
  };
  try {
    for (const d of suite.datasets) {
      const missing = await datasetAvailable(d.dataset);
      if (missing) {
        notes.set(d.dataset, missing);
        log(`skipping ${d.dataset}: ${missing}`);
      }
    }
    // Seed-major order: a cut-off run still has every dataset × method row, with fewer seeds.
    for (const seed of suite.seeds) {
      for (const d of suite.datasets.filter((x) => !notes.has(x.dataset))) {
        if (sk.ok && !(sklearnKey(d.dataset, seed) in sklearn)) {
          sklearn[sklearnKey(d.dataset, seed)] = await sklearnBaseline({ dataset: d.dataset, space: d.space, seed, rootShare: suite.rootShare }, workDir);
        }
        for (const method of suite.methods) {
          if (runs.some((r) => r.dataset === d.dataset && r.method === method && r.seed === seed)) continue;
          const outcome = await runOne({ store, workDir, workers: suite.workers, rootShare: suite.rootShare }, { dataset: d.dataset, space: d.space, method, seed });
          runs.push(outcome);
          const fmt = (v: number | undefined) => (v === undefined ? '–' : (100 * v).toFixed(2));
          log(
            `${d.dataset} ${method} seed ${seed}: scratch ${fmt(outcome.scratch?.test)} · 1-hop ${fmt(outcome.oneHop?.test)} · ` +
              `multihop ${fmt(outcome.multihop?.test)} (${outcome.multihop?.chain ?? '–'}) · ${(outcome.wallMs / 1000).toFixed(1)} s`,
          );
          await write(false);
        }
      }
    }
    const report = await write(true);
    log(`wrote ${join(out, `${name}.md`)} (${(report.meta.wallMs / 60000).toFixed(1)} min)`);
    return report;
  } finally {
    store.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]).endsWith(join('benchmarks', 'accuracy', 'accuracy-main.js'));
if (isMain) {
  const program = new Command('bench:accuracy')
    .description('accuracy benchmark: scratch vs 1-hop vs multihop over datasets × methods × seeds')
    .option('--smoke', 'seconds-long run: one tiny dataset, one method, two seeds')
    .option('--out <dir>', 'folder for accuracy.md / accuracy.json / accuracy-gain.svg (default benchmarks/results; with --smoke, $TMPDIR/multihop-bench-smoke)')
    .option('--datasets <names>', 'comma-separated subset of the suite\'s datasets', (v) => v.split(','))
    .option('--methods <names>', 'comma-separated subset of kd,profweight,sratio', (v) => v.split(','))
    .option('--seeds <n>', 'number of seeds (0..n-1)', (v) => Number.parseInt(v, 10))
    .option('--workers <n>', 'training workers per search', (v) => Number.parseInt(v, 10))
    .option('--resume', 'keep the runs already in <out>/accuracy.json and run only the missing ones')
    .option('--no-sklearn', 'skip the scikit-learn reference column')
    .option('--root-share <f>', 'share of each training split reserved for the complex model (docs/design.md §3.7)', Number.parseFloat)
    .option('--name <base>', 'base name of the output files (default accuracy)');
  program.parse();
  runAccuracyBenchmark(program.opts<AccuracyOptions>()).catch((error: unknown) => {
    if (error instanceof MultihopError) {
      console.error(`bench:accuracy: ${error.message}`);
      process.exitCode = 2;
    } else {
      throw error;
    }
  });
}

/**
 * Fit time and test accuracy of the tree, forest and gbt families next to scikit-learn's
 * DecisionTreeClassifier, RandomForestClassifier (n_jobs=1) and HistGradientBoostingClassifier
 * (OMP_NUM_THREADS=1), one core each, on the split multihop uses (default split settings), on
 * iris, wine, breast-cancer, digits and the larger mlbench sets satellite and letter (exported
 * once to data-cache/ by benchmarks/data/bench-datasets.ts; skipped when that fails). Prints a
 * markdown table, the host's SIMD level and load average, and one goal line per family.
 *
 *   npm run build && node dist/benchmarks/trees/trees-fit-time.js [--rounds 3] [dataset …]
 *
 * Two multihop times: "fit", the work scikit-learn's `fit` does (targets, sorting or binning, the
 * trees: the functions the family's `train` calls), compared with scikit-learn's fit for the goal;
 * and "train", the family's whole `train` (also gbt's per-round validation history and predicting
 * the train, validation and test splits for the result's metrics). Each is the best of at least
 * `--rounds` runs and of as many more as fit in a second, after one warm-up run (scikit-learn's
 * side likewise, without the warm-up). The sklearn column needs /usr/bin/python3 with
 * scikit-learn (MULTIHOP_BENCH_PYTHON overrides); without it it reads "–".
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitBoosting } from '../../src/boosting/index.js';
import { cartTargets, fitForest, fitTree, sortRows } from '../../src/cart/index.js';
import type { Arch, GbtArch, PreparedData } from '../../src/core/index.js';
import { prepareData } from '../../src/data/index.js';
import { fitSetup } from '../../src/fit/index.js';
import { gbtFamily } from '../../src/models/gbt-family.js';
import { families } from '../../src/models/index.js';
import { benchDataset, loadBenchDataset } from '../data/bench-datasets.js';

const PYTHON = process.env.MULTIHOP_BENCH_PYTHON ?? '/usr/bin/python3';
const DEFAULT_DATASETS = ['iris', 'wine', 'breast-cancer', 'digits', 'satellite', 'letter'];
/** gbt's l2 is written out (and passed to scikit-learn as l2_regularization) so both sides match whatever the family's default. */
const MODELS: BenchArch[] = [
  { family: 'tree', maxDepth: 6 },
  { family: 'forest', trees: 50, maxDepth: 6 },
  { family: 'gbt', rounds: 20, maxDepth: 3, l2: 1 },
  { family: 'gbt', rounds: 200, maxDepth: 4, l2: 1 },
];
const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };

type BenchArch = Arch & { family: 'tree' | 'forest' | 'gbt' };
interface Timed { ms: number; accuracy: number }
interface Row { dataset: string; rows: string; family: string; model: string; fitMs: number; ours: Timed; sklearn: Timed | null }

const MIN_TOTAL_MS = 1000;
const MAX_RUNS = 25;

/** The best time of `run` over at least `rounds` runs and as many more as fit in MIN_TOTAL_MS. */
async function bestOf(rounds: number, run: () => Promise<number>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  const started = performance.now();
  for (let done = 0; done < MAX_RUNS && (done < rounds || performance.now() - started < MIN_TOTAL_MS); done++) best = Math.min(best, await run());
  return best;
}

/** Milliseconds of the fit alone, as the family's train does it on the training split. */
function fitMs(data: PreparedData, arch: BenchArch): number {
  const started = performance.now();
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  if (arch.family === 'gbt') {
    const { rows } = fitSetup(data, {}, {});
    fitBoosting(rows, width, data.numClasses, gbtFamily.canonical(arch as GbtArch) as Required<GbtArch>);
  } else {
    const rows = sortRows(data.train.features, data.train.count, width);
    const targets = cartTargets(data.train, data.numClasses, {});
    if (arch.family === 'tree') fitTree(rows, targets, arch);
    else fitForest(rows, targets, arch, 0);
  }
  return performance.now() - started;
}

function sklearnColumn(job: object): Timed[] | null {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-trees-bench-'));
  try {
    const path = join(dir, 'job.json');
    writeFileSync(path, JSON.stringify(job));
    const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'benchmarks', 'trees', 'trees-sklearn-fit.py');
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const result = spawnSync(PYTHON, [script, path], { encoding: 'utf8', maxBuffer: 1 << 24, env });
    if (result.status !== 0) return null;
    return JSON.parse(result.stdout) as Timed[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function simdLevel(): string {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const flags = (cpuinfo.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/);
  const simd = ['avx512f', 'avx512bw', 'avx512vl', 'avx2', 'fma'].filter((f) => flags.includes(f));
  return `${cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, SIMD ${simd.join(' ') || 'none listed'}`;
}

async function benchmarkDataset(name: string, rounds: number): Promise<Row[]> {
  const data = prepareData(await loadBenchDataset(benchDataset(name)));
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const part = (p: typeof data.train) => ({ x: Array.from(p.features), y: Array.from(p.labels) });
  const sklearn = sklearnColumn({
    width,
    rounds,
    train: part(data.train),
    test: part(data.test),
    models: MODELS.map((arch) => ({ ...arch, kind: arch.family })),
  });
  const rows: Row[] = [];
  for (const [i, arch] of MODELS.entries()) {
    const family = families.get(arch.family);
    const runtime = await family.runtime();
    // One untimed run of each first: scikit-learn's compiled code needs no JIT warm-up, ours does.
    fitMs(data, arch);
    const ours: Timed = { ms: 0, accuracy: (await runtime.train(data, arch, settings, {}, 0)).test.accuracy };
    const fit = await bestOf(rounds, async () => fitMs(data, arch));
    ours.ms = await bestOf(rounds, async () => (await runtime.train(data, arch, settings, {}, 0)).wallMs);
    rows.push({ dataset: name, rows: `${data.train.count} × ${width}`, family: arch.family, model: family.label(arch), fitMs: fit, ours, sklearn: sklearn?.[i] ?? null });
  }
  return rows;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 3;
  const names = args.length > 0 ? args : DEFAULT_DATASETS;
  const rows: Row[] = [];
  const loads: number[] = [os.loadavg()[0]];
  for (const name of names) {
    try {
      rows.push(...(await benchmarkDataset(name, rounds)));
    } catch (error) {
      console.error(`${name}: skipped (${error instanceof Error ? error.message : String(error)})`);
    }
    loads.push(os.loadavg()[0]);
  }
  console.log(`Host: ${simdLevel()}; Node ${process.version}. One core each; best of at least ${rounds} runs (more while under a second in all); 1-minute load average ${loads.map((l) => l.toFixed(2)).join(' → ')} over the run.\n`);
  console.log('| dataset | train rows × features | model | multihop fit ms | sklearn fit ms | fit: multihop / sklearn | multihop train ms | multihop test acc | sklearn test acc |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const s = r.sklearn;
    const ratio = s ? (r.fitMs / s.ms).toFixed(2) : '–';
    console.log(`| ${r.dataset} | ${r.rows} | ${r.model} | ${r.fitMs.toFixed(1)} | ${s ? s.ms.toFixed(1) : '–'} | ${ratio} | ${r.ours.ms.toFixed(1)} | ${r.ours.accuracy.toFixed(3)} | ${s ? s.accuracy.toFixed(3) : '–'} |`);
  }
  console.log('');
  for (const family of ['tree', 'forest', 'gbt']) {
    const compared = rows.filter((r) => r.family === family && r.sklearn);
    const slower = compared.filter((r) => r.fitMs > (r.sklearn as Timed).ms);
    const verdict = compared.length === 0 ? 'not measured' : slower.length === 0 ? 'met' : `missed on ${slower.map((r) => `${r.dataset} ${r.model} (${(r.fitMs / (r.sklearn as Timed).ms).toFixed(2)}×)`).join(', ')}`;
    console.log(`- Goal, ${family}: fit no slower than scikit-learn's on every row: **${verdict}**.`);
  }
}

await main();

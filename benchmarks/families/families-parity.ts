/**
 * Parity of the tree, forest, linear and gbt families with scikit-learn (issue 11, point 8): test
 * accuracy and fit time of each family's runtime beside the scikit-learn estimator with the same
 * settings, fitted on exactly the same rows, one thread each.
 *
 *   npm run bench:families                      # all 7 datasets (~10 min on 2 cores); writes benchmarks/results/families-parity.md
 *   node dist/benchmarks/families/families-parity.js --datasets iris,sonar   # a subset, printed only
 *
 * Needs /usr/bin/python3 with scikit-learn (MULTIHOP_BENCH_PYTHON overrides) and, for the mlbench
 * sets (Sonar, Vehicle, Satellite), Rscript with Debian's r-cran-mlbench:
 *   apt-get install -y r-cran-mlbench
 * They are exported once to data-cache/mlbench/ (families-data.ts). The sets issue 13 reserves
 * as an independent check are never used.
 *
 * Per dataset: the product's split (`prepareData(dataset, defaultSplitSettings)`: seed 0, 60/20/20
 * stratified, standardised with training statistics) is written as JSON for families-sklearn.py,
 * so both sides fit the same training rows and score the same test rows. Each model is fitted with
 * seeds 0–4 on both sides (scikit-learn's random_state; our seed, used by the forest's bootstraps).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultihopError, type PreparedData } from '../../src/core/index.js';
import { defaultSplitSettings, prepareData } from '../../src/data/index.js';
import { families } from '../../src/models/index.js';
import { repositoryRoot } from '../bench-root.js';
import { loadParityDataset, PARITY_DATASETS } from './families-data.js';
import { BINARY_GBT_CHECK, PARITY_MODELS, PARITY_SEEDS, type ParityModel } from './families-models.js';
import { renderParity, type ParityCell, type ParityHost, type SeedRun } from './families-report.js';

const PYTHON = process.env.MULTIHOP_BENCH_PYTHON ?? '/usr/bin/python3';
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
const SETTINGS = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };

function sklearnVersion(): string {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new MultihopError(`${PYTHON} with scikit-learn is needed for the reference column; install python3-sklearn or set MULTIHOP_BENCH_PYTHON`);
  }
  const [sklearn, numpy] = probe.stdout.trim().split(' ');
  return `scikit-learn ${sklearn} (numpy ${numpy})`;
}

function host(): ParityHost {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const flags = new Set((cpuinfo.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/));
  let commit = 'unknown';
  try {
    const options = { cwd: repositoryRoot(), encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], options).trim();
    if (execFileSync('git', ['status', '--porcelain', '--', 'src', 'benchmarks/families'], options).trim()) commit += ' (+ uncommitted changes)';
  } catch {
    // Outside a git checkout the report says 'unknown'.
  }
  return {
    cpu: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    simd: flags.has('avx512f') ? 'avx512f' : flags.has('avx2') ? 'avx2' : 'neither avx2 nor avx512f',
    commit,
    node: process.version,
    sklearn: sklearnVersion(),
    load: os.loadavg()[0].toFixed(1),
    date: new Date().toISOString().slice(0, 10),
  };
}

/** Exact float32 values: Array.from keeps every digit, so Python's float32 cast gives the same rows. */
const part = (p: PreparedData['train']) => ({ x: Array.from(p.features), y: Array.from(p.labels) });

/** scikit-learn's runs of every model on `data`, in PARITY_MODELS order, then {@link BINARY_GBT_CHECK}'s on two-class sets. */
function sklearnRuns(data: PreparedData, width: number): SeedRun[][] {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-families-'));
  try {
    const path = join(dir, 'job.json');
    const specs = [...PARITY_MODELS.map((m) => m.sklearn), ...(data.numClasses === 2 ? [BINARY_GBT_CHECK] : [])];
    const models = specs.map((m) => ({ kind: m.kind, params: m.params(data.train.count), seeds: PARITY_SEEDS }));
    writeFileSync(path, JSON.stringify({ width, train: part(data.train), validation: part(data.validation), test: part(data.test), models }));
    const script = join(repositoryRoot(), 'benchmarks', 'families', 'families-sklearn.py');
    const result = spawnSync(PYTHON, [script, path], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...ONE_THREAD } });
    if (result.error || result.status !== 0) {
      throw new MultihopError(`families-sklearn.py failed on ${data.name}: ${(result.stderr || String(result.error)).trim().split('\n').pop()}`);
    }
    return JSON.parse(result.stdout) as SeedRun[][];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Our runs of `model` on `data`, one per seed; time is the runtime's wallMs (fit + probabilities on train, validation, test). */
async function ourRuns(data: PreparedData, model: ParityModel): Promise<SeedRun[]> {
  const runtime = await families.get(model.arch.family).runtime();
  const runs: SeedRun[] = [];
  for (const seed of PARITY_SEEDS) {
    const result = await runtime.train(data, model.arch, SETTINGS, {}, seed);
    runs.push({ seed, accuracy: result.test.accuracy, ms: result.wallMs });
  }
  return runs;
}

function parseDatasets(argv: string[]): { names: string[]; full: boolean } {
  const known = PARITY_DATASETS.map((d) => d.name);
  const at = argv.indexOf('--datasets');
  if (at < 0) return { names: known, full: true };
  const names = (argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !known.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new MultihopError(`--datasets: unknown or missing name '${unknown.join(',')}'; known: ${known.join(', ')}`);
  }
  return { names, full: false };
}

async function main(): Promise<void> {
  const { names, full } = parseDatasets(process.argv.slice(2));
  const machine = host();
  const started = performance.now();
  const cells: ParityCell[] = [];
  const binaryChecks = new Map<string, SeedRun[]>();
  for (const dataset of PARITY_DATASETS.filter((d) => names.includes(d.name))) {
    const data = prepareData(await loadParityDataset(dataset), defaultSplitSettings);
    const width = data.exampleShape.reduce((a, b) => a * b, 1);
    const shape = `${data.train.count} × ${width}, ${data.numClasses} classes`;
    process.stderr.write(`${dataset.name} (${shape}): scikit-learn…`);
    const reference = sklearnRuns(data, width);
    for (const [i, model] of PARITY_MODELS.entries()) {
      process.stderr.write(` ${families.get(model.arch.family).label(model.arch)}`);
      cells.push({ dataset: dataset.name, shape, model, ours: await ourRuns(data, model), sklearn: reference[i] });
    }
    if (reference.length > PARITY_MODELS.length) binaryChecks.set(dataset.name, reference[PARITY_MODELS.length]);
    process.stderr.write('\n');
  }
  machine.load += ` at the start, ${os.loadavg()[0].toFixed(1)} at the end`;
  const markdown = renderParity(cells, binaryChecks, machine, (performance.now() - started) / 60_000);
  console.log(markdown);
  if (full) {
    const out = join(repositoryRoot(), 'benchmarks', 'results', 'families-parity.md');
    writeFileSync(out, markdown);
    process.stderr.write(`wrote ${out}\n`);
  }
}

try {
  await main();
} catch (error) {
  if (!(error instanceof MultihopError)) throw error;
  console.error(`bench:families: ${error.message}`);
  process.exitCode = 1;
}

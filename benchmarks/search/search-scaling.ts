/**
 * Search-level speed: the same greedy search with 1 and with 2 workers (wall time, hops per
 * core-hour, speed-up) and, in the same run, the PyTorch reference of that search
 * (pytorch-search.py, one thread) on the run's exact prepared data; where the workers' time goes
 * (search-timing.ts); how many teacher signals were computed against how many children were
 * trained from those teachers; what a worker costs before it trains anything; the same search with
 * more seeds (--long-seeds, 10; 0 to skip); and the host's own ceiling for two workers (the
 * space's archs as independent hops on warm pools).
 *
 *   npm run bench:search [-- --space <file> --methods kd,sratio --seeds 3 --rounds 3 --search-rounds 6 --long-seeds 10]
 *
 * The default space is benchmarks/search/search-mlp.json, the former `default` (an mlp chain on
 * digits): the shipped `default` is now a tree search, which PyTorch cannot reproduce.
 * Writes benchmarks/results/search-scaling.json and, when speed.json is there, re-renders speed.md
 * with this section in it.
 */
import { execFileSync, execSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDataset, prepareData, toSharedMemory } from '../../src/data/index.js';
import { createPoolTrainer } from '../../src/pool/index.js';
import { startSearch, type SearchRequest } from '../../src/run/index.js';
import { loadSearchSpace, progressBest, searchSpacePath as searchSpaceFile } from '../../src/search/index.js';
import { archLabel } from '../../src/models/index.js';
import { renderSpeedMarkdown, type SpeedReport } from '../speed/speed-report.js';
import { renderSearchScaling, type HostCeiling, type PytorchSearch, type SearchMeasurement, type SearchScalingReport, type WorkerStartup } from './search-scaling-report.js';
import { exportSearch } from './search-export.js';
import { startSearchTiming } from './search-timing.js';
import { openStore } from '../../src/store/index.js';

const MIB = 1024 * 1024;

/** Runs `work` while sampling the process RSS; returns its value and the peak RSS above the start. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakExtraMiB: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakExtraMiB: (peak - baseline) / MIB };
  } finally {
    clearInterval(timer);
  }
}

/**
 * Start-up cost of a pool of `workers`: each worker gets one one-epoch job on digits so that its
 * thread, module graph and kernels are loaded, and with `tfjs` TF.js and its WASM backend (the job
 * a logistic regression as an mlp, as a search with networks has); without, a `linear` model on a
 * pool that never loads TF.js, as a search of trees, forests, boosting and linear models has.
 */
async function measureStartup(workers: number, tfjs: boolean): Promise<WorkerStartup> {
  const data = toSharedMemory(prepareData(await loadDataset('digits'), { seed: 0 }));
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const pool = createPoolTrainer({ data, workers, loadBackend: tfjs });
  try {
    const jobs = Array.from({ length: workers }, (_, i) =>
      pool.train({
        kind: 'train',
        hop: { key: `startup-${i}`, parentKey: null, arch: tfjs ? { family: 'mlp', hidden: [] } : { family: 'linear' }, method: 'scratch', params: {}, seed: i, role: 'scratch' },
        settings: { maxEpochs: 1, batchSize: 64, learningRate: 1e-3, patience: 1 },
      }),
    );
    const results = await Promise.all(jobs);
    const elapsed = performance.now() - started;
    const training = Math.max(...results.map((r) => r.result.wallMs));
    return { workers, tfjs, startupMs: elapsed - training, rssPerWorkerMiB: (process.memoryUsage().rss - rssBefore) / MIB / workers };
  } finally {
    await pool.close();
  }
}

/**
 * The host's ceiling (HostCeiling): the space's archs trained from scratch as `jobs` independent
 * hops on warm pools of 1 and 2 workers, best of `rounds` interleaved rounds.
 */
async function measureCeiling(spaceFile: string, jobs: number, rounds: number): Promise<HostCeiling> {
  const space = loadSearchSpace(spaceFile);
  const archs = [space.root.arch, ...space.candidates, space.target.arch];
  const data = toSharedMemory(prepareData(await loadDataset(space.dataset ?? 'digits'), { seed: 0 }));
  const job = (i: number) =>
    ({
      kind: 'train',
      hop: { key: `ceiling-${i}`, parentKey: null, arch: archs[i % archs.length], method: 'scratch', params: {}, seed: Math.floor(i / archs.length) % 3, role: 'scratch' },
      settings: space.training,
    }) as const;
  const pools: ReturnType<typeof createPoolTrainer>[] = [];
  try {
    for (const workers of [1, 2]) pools.push(createPoolTrainer({ data, workers }));
    // Every worker started and warm (its first hops train the archs once) before any timing.
    for (const pool of pools) await Promise.all(Array.from({ length: 2 * archs.length }, (_, i) => pool.train(job(i))));
    const rows = pools.map(() => [] as Array<{ wallS: number; hopMs: number }>);
    for (let round = 0; round < rounds; round++) {
      for (const [p, pool] of pools.entries()) {
        const started = performance.now();
        const results = await Promise.all(Array.from({ length: jobs }, (_, i) => pool.train(job(i))));
        rows[p].push({ wallS: (performance.now() - started) / 1000, hopMs: results.reduce((sum, r) => sum + r.result.wallMs, 0) / jobs });
      }
    }
    const best = (p: number) => rows[p].reduce((a, b) => (b.wallS < a.wallS ? b : a));
    return {
      jobs,
      archs: archs.map(archLabel),
      oneS: best(0).wallS,
      twoS: best(1).wallS,
      roundsOneS: rows[0].map((r) => r.wallS),
      roundsTwoS: rows[1].map((r) => r.wallS),
      oneHopMs: best(0).hopMs,
      twoHopMs: best(1).hopMs,
    };
  } finally {
    for (const pool of pools) await pool.close();
  }
}

/** The widest x86 SIMD the CPU reports (every speed figure states it). */
function simdLevel(): string {
  try {
    const flags = new Set(/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim().split(/\s+/) ?? []);
    if (flags.has('avx512f')) return 'AVX-512 (avx512f/bw/vl: ' + ['avx512bw', 'avx512vl'].map((f) => (flags.has(f) ? 'yes' : 'no')).join('/') + ') and AVX2';
    if (flags.has('avx2')) return 'AVX2';
    return 'no AVX2';
  } catch {
    return 'SIMD level unknown';
  }
}

/** Repository root: dist/benchmarks/search → ../../.. */
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The worker that posts timestamps (search-timing.ts), next to this file in dist/. */
const TIMED_WORKER = new URL('./timed-hop-worker.js', import.meta.url);

/** Mean test accuracy of a chain link's nodes (one per seed). */
function meanTest(store: ReturnType<typeof openStore>, runId: string, keys: string[] | undefined): number | undefined {
  if (!keys || keys.length === 0) return undefined;
  const nodes = store.listNodes(runId);
  const tests = keys.map((key) => nodes.find((n) => n.key === key)?.test?.accuracy ?? Number.NaN);
  return tests.reduce((a, b) => a + b, 0) / tests.length;
}

async function measure(request: SearchRequest, workers: number): Promise<SearchMeasurement> {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-bench-search-'));
  const store = openStore(join(dir, 'bench.db'));
  try {
    const load = loadavg()[0];
    const timing = startSearchTiming(store);
    const started = performance.now();
    const { value: search, peakExtraMiB } = await withPeakRss(() =>
      startSearch(timing.store, { ...request, workers }, ['bench:search'], { workers, workerFile: TIMED_WORKER, observer: { onProgress: timing.onProgress } }),
    );
    const time = await timing.finish(workers);
    const { run, result } = search;
    const wallS = (performance.now() - started) / 1000;
    const nodes = store.listNodes(run.id).filter((n) => n.status === 'done');
    const signals = store.query('SELECT count(*) FROM teacher_signals WHERE run_id = ? AND kind = ?', [run.id, 'teacher']).rows[0][0] as number;
    const taught = nodes.filter((n) => n.method === 'kd' || n.method === 'profweight' || n.method === 'sratio').length;
    // Training time inside the workers (teacher-signal jobs not included) over what the workers had.
    const trainingS = nodes.reduce((sum, n) => sum + (n.wallMs ?? 0), 0) / 1000;
    const target = (links: { nodeKeys: string[] }[] | undefined) => links?.[links.length - 1]?.nodeKeys;
    return {
      workers,
      wallS,
      nodesTrained: nodes.length,
      teacherSignals: signals,
      childrenTaught: taught,
      hopsPerCoreHour: (nodes.length / wallS) * 3600 / workers,
      peakExtraRssMiB: peakExtraMiB,
      busyShare: trainingS / (wallS * workers),
      chain: result.best ? progressBest(result.best).label : '–',
      loadAverage: load,
      time,
      accuracy: {
        chainValidation: result.best?.meanValidation,
        chainTest: meanTest(store, run.id, target(result.best?.links)),
        oneHopValidation: result.oneHop?.best.meanValidation,
        oneHopTest: meanTest(store, run.id, result.oneHop?.best.nodeKeys),
        scratchValidation: result.scratch?.meanValidation,
        scratchTest: meanTest(store, run.id, result.scratch?.nodeKeys),
      },
    };
  } finally {
    store.close();
  }
}

/** One run of pytorch-search.py on the exported search, on one thread. */
function measurePytorch(inputs: string): PytorchSearch {
  const script = join(repoRoot, 'benchmarks', 'search', 'pytorch-search.py');
  const load = loadavg()[0];
  const out = execFileSync('/usr/bin/python3', [script, '--inputs', inputs, '--threads', '1'], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return { ...(JSON.parse(out) as PytorchSearch), loadAverage: load };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      space: { type: 'string', default: join(repoRoot, 'benchmarks', 'search', 'search-mlp.json') },
      methods: { type: 'string', default: 'kd,sratio' },
      seeds: { type: 'string', default: '3' },
      out: { type: 'string', default: join(repoRoot, 'benchmarks', 'results') },
      rounds: { type: 'string', default: '3' },
      'long-seeds': { type: 'string', default: '10' },
      'search-rounds': { type: 'string', default: '6' },
    },
  });
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
  for (const flag of ['search-rounds', 'long-seeds'] as const) {
    const value = Number(values[flag]);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${flag} must be an integer ≥ 0, got ${values[flag]}`);
  }
  // Read once, at start, from the code's own tree (the checkout may move on during the rounds).
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git checkout (an exported tree): the results say 'unknown'.
  }
  const request: SearchRequest = { space: values.space, methods: values.methods.split(','), seeds: Number(values.seeds) };
  // Warm-up so that file caches and the first WASM compile do not count against the 1-worker run.
  await measure({ ...request, space: 'tiny', seeds: 1 }, 1);
  const startups = [await measureStartup(1, true), await measureStartup(2, true), await measureStartup(1, false), await measureStartup(2, false)];
  // Other tenants of a shared machine take whole time slices: each figure is the best of
  // interleaved rounds (1 worker, then 2 workers), and every round is kept.
  const ones: SearchMeasurement[] = [];
  const twos: SearchMeasurement[] = [];
  const torches: PytorchSearch[] = [];
  // The very rows and standardisation the runs train on, and the search their controller resolves.
  const inputs = mkdtempSync(join(tmpdir(), 'multihop-bench-pytorch-search-'));
  const { spec } = await exportSearch(request, inputs);
  // A search takes about a second and moves by a tenth with its neighbours: it gets more rounds
  // (--search-rounds) than the 16-second PyTorch script, whose rounds interleave with the first ones.
  const searchRounds = Math.max(rounds, Number(values['search-rounds']));
  for (let round = 1; round <= searchRounds; round++) {
    process.stderr.write(`bench:search: round ${round}/${searchRounds}\n`);
    ones.push(await measure(request, 1));
    twos.push(await measure(request, 2));
    if (round <= rounds) torches.push(measurePytorch(inputs));
  }
  const fastest = <T extends { wallS: number }>(runs: T[]) => runs.reduce((a, b) => (b.wallS < a.wallS ? b : a));
  const one = { ...fastest(ones), roundsWallS: ones.map((m) => m.wallS) };
  const two = { ...fastest(twos), roundsWallS: twos.map((m) => m.wallS) };
  const speedup = one.wallS / two.wallS;
  const pytorch = { ...fastest(torches), roundsWallS: torches.map((t) => t.wallS) };
  // The same search with more seeds: start-up is paid once, and the search's own share shows.
  const longSeeds = Number(values['long-seeds']);
  let longer: SearchScalingReport['longer'];
  if (Number.isInteger(longSeeds) && longSeeds > Number(values.seeds)) {
    const longRequest = { ...request, seeds: longSeeds };
    const [longOnes, longTwos]: [SearchMeasurement[], SearchMeasurement[]] = [[], []];
    for (let round = 1; round <= Math.max(3, rounds); round++) {
      process.stderr.write(`bench:search: ${longSeeds} seeds, round ${round}\n`);
      longOnes.push(await measure(longRequest, 1));
      longTwos.push(await measure(longRequest, 2));
    }
    const [a, b] = [fastest(longOnes), fastest(longTwos)];
    longer = {
      seeds: longSeeds,
      nodesTrained: a.nodesTrained,
      oneS: a.wallS,
      twoS: b.wallS,
      roundsOneS: longOnes.map((m) => m.wallS),
      roundsTwoS: longTwos.map((m) => m.wallS),
      sameChain: a.chain === b.chain,
    };
  }
  process.stderr.write('bench:search: the host\'s ceiling (independent hops on warm pools)\n');
  const ceiling = await measureCeiling(request.space!.includes('/') ? request.space! : searchSpaceFile(request.space!), 80, rounds + 2);
  const report: SearchScalingReport = {
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${simdLevel()}`,
    commit,
    date: new Date().toISOString(),
    request: { space: spec.space, spaceFile: values.space.includes('/') ? relative(repoRoot, values.space) : values.space, methods: request.methods ?? [], seeds: Number(values.seeds) },
    runs: [one, two],
    pytorch,
    startups,
    speedup,
    ceiling,
    ...(longer ? { longer } : {}),
  };
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'search-scaling.json'), `${JSON.stringify(report, null, 2)}\n`);
  const section = renderSearchScaling(report);
  process.stdout.write(section);
  // speed.md carries this section (issue 6: search-level speed in the same file): re-render it.
  const speedJson = join(values.out, 'speed.json');
  if (existsSync(speedJson)) {
    const analysisFile = join(repoRoot, 'benchmarks', 'speed', 'speed-analysis.md');
    const analysis = existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : '';
    const speed = JSON.parse(readFileSync(speedJson, 'utf8')) as SpeedReport;
    writeFileSync(join(values.out, 'speed.md'), renderSpeedMarkdown(speed, analysis, report));
    process.stdout.write(`\nbench:search: updated ${join(values.out, 'speed.md')}\n`);
  }
}

await main();

/**
 * Search-level speed: the same greedy search with 1 and with 2 workers (wall time, hops per
 * core-hour, speed-up), and how many teacher signals were computed against how many children were
 * trained from those teachers (each teacher's signal should be computed once).
 *
 *   npm run bench:search [-- --space default --methods kd --seeds 2]
 *
 * Writes benchmarks/results/search-scaling.md and .json.
 */
import { execSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSearch, type SearchRequest } from '../../src/run/index.js';
import { openStore } from '../../src/store/index.js';

interface Measurement {
  workers: number;
  wallS: number;
  nodesTrained: number;
  teacherSignals: number;
  childrenTaught: number;
  hopsPerCoreHour: number;
  peakRssMiB: number;
  chain: string;
}

async function measure(request: SearchRequest, workers: number): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-bench-search-'));
  const store = openStore(join(dir, 'bench.db'));
  try {
    const started = performance.now();
    const { run, result } = await startSearch(store, { ...request, workers }, ['bench:search'], { workers });
    const wallS = (performance.now() - started) / 1000;
    const nodes = store.listNodes(run.id).filter((n) => n.status === 'done');
    const signals = store.query('SELECT count(*) FROM teacher_signals WHERE run_id = ? AND kind = ?', [run.id, 'teacher']).rows[0][0] as number;
    const taught = nodes.filter((n) => n.method === 'kd' || n.method === 'profweight' || n.method === 'sratio').length;
    return {
      workers,
      wallS,
      nodesTrained: nodes.length,
      teacherSignals: signals,
      childrenTaught: taught,
      hopsPerCoreHour: (nodes.length / wallS) * 3600 / workers,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      chain: result.best?.links.map((l) => l.archLabel).join(' → ') ?? '–',
    };
  } finally {
    store.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      space: { type: 'string', default: 'default' },
      methods: { type: 'string', default: 'kd' },
      seeds: { type: 'string', default: '2' },
      out: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'benchmarks', 'results') },
    },
  });
  const request: SearchRequest = { space: values.space, methods: values.methods.split(','), seeds: Number(values.seeds) };
  // Warm-up so that file caches and the first WASM compile do not count against the 1-worker run.
  await measure({ ...request, space: 'tiny', seeds: 1 }, 1);
  const one = await measure(request, 1);
  const two = await measure(request, 2);
  const speedup = one.wallS / two.wallS;
  const commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores`;
  const date = new Date().toISOString();
  const rows = [one, two]
    .map(
      (m) =>
        `| ${m.workers} | ${m.wallS.toFixed(1)} | ${m.nodesTrained} | ${m.hopsPerCoreHour.toFixed(0)} | ${m.teacherSignals} | ${m.childrenTaught} | ${m.peakRssMiB.toFixed(0)} | ${m.chain} |`,
    )
    .join('\n');
  const markdown = `# Search scaling: 1 vs 2 workers

Machine: ${machine} · commit ${commit} · ${date}
Search: space \`${values.space}\`, greedy, methods ${values.methods}, ${values.seeds} seed(s); \`npm run bench:search\`.

| workers | wall s | nodes trained | hops per core-hour | teacher signals computed | children trained by a teacher | peak RSS MiB (process) | chain |
|---|---|---|---|---|---|---|---|
${rows}

Speed-up with 2 workers: **${speedup.toFixed(2)}×** (goal ≥ 1.8× on 2 cores). Identical chains
with 1 and 2 workers show the result does not depend on scheduling. Teacher signals are computed
once per teacher that has children, never per child.
`;
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'search-scaling.md'), markdown);
  writeFileSync(join(values.out, 'search-scaling.json'), JSON.stringify({ machine, commit, date, request, runs: [one, two], speedup }, null, 2));
  process.stdout.write(markdown);
}

await main();

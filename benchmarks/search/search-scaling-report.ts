/**
 * The search-level speed results (search-scaling.json) and their Markdown section, which
 * benchmarks/results/speed.md includes beside the training and kernel figures (issue 6 asks for
 * them in the same file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SearchMeasurement {
  workers: number;
  wallS: number;
  nodesTrained: number;
  teacherSignals: number;
  childrenTaught: number;
  hopsPerCoreHour: number;
  /** Peak process RSS during the search minus the RSS just before it (workers are threads). */
  peakExtraRssMiB: number;
  /** Sum of the nodes' training time over wall time × workers: how busy the workers were. */
  busyShare?: number;
  chain: string;
  /** Wall time of every round (the row shows the fastest). */
  roundsWallS?: number[];
}

export interface WorkerStartup {
  workers: number;
  /** Pool creation until every worker has finished a 1-epoch job, minus the longest job's training. */
  startupMs: number;
  /** Resident memory the pool added (after one job each), per worker. */
  rssPerWorkerMiB: number;
}

export interface SearchScalingReport {
  machine: string;
  commit: string;
  date: string;
  request: { space: string; methods: string[]; seeds: number };
  runs: SearchMeasurement[];
  startups: WorkerStartup[];
  speedup: number;
}

/** Reads `<dir>/search-scaling.json` when `npm run bench:search` has written one. */
export function readSearchScaling(dir: string): SearchScalingReport | null {
  const file = join(dir, 'search-scaling.json');
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8')) as SearchScalingReport;
  // Files from before start-up was measured have no `startups`: render them without it.
  return { ...report, startups: report.startups ?? [] };
}

/** ' (per round: 1.76×, …)' when both rows kept their rounds. */
function perRound(report: SearchScalingReport): string {
  const [one, two] = [report.runs.find((r) => r.workers === 1), report.runs.find((r) => r.workers === 2)];
  if (!one?.roundsWallS || !two?.roundsWallS || one.roundsWallS.length !== two.roundsWallS.length) return '';
  return `; round by round: ${one.roundsWallS.map((w, i) => `${(w / two.roundsWallS![i]).toFixed(2)}×`).join(', ')}`;
}

export function renderSearchScaling(report: SearchScalingReport): string {
  const { request } = report;
  const lines = [
    '## Search-level speed: 1 vs 2 workers',
    '',
    `Measured by \`npm run bench:search\` on ${report.date} at commit ${report.commit} (${report.machine}): one fixed greedy search, space \`${request.space}\`, methods ${request.methods.join(',')}, ${request.seeds} seed(s), each worker count in a fresh pool.`,
    '',
    '| workers | wall s (best) | every round, s | nodes trained | hops per core-hour | teacher signals computed | children trained by a teacher | peak extra RSS MiB | workers busy training | chain |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---|',
    ...report.runs.map(
      (m) =>
        `| ${m.workers} | ${m.wallS.toFixed(1)} | ${(m.roundsWallS ?? [m.wallS]).map((w) => w.toFixed(1)).join(', ')} | ${m.nodesTrained} | ${m.hopsPerCoreHour.toFixed(0)} | ${m.teacherSignals} | ${m.childrenTaught} | ${m.peakExtraRssMiB.toFixed(0)} | ${m.busyShare === undefined ? '–' : `${(100 * m.busyShare).toFixed(0)}%`} | ${m.chain} |`,
    ),
    '',
    `Speed-up with 2 workers: **${report.speedup.toFixed(2)}×**, fastest against fastest round (goal ≥ 1.8× on 2 cores)${perRound(report)}. The workers spend the 'busy' share of the wall time training; the rest is start-up, teacher signals, and waiting on the main thread's planning and writes. The chain is the same with 1 and 2 workers when the two rows agree: the result does not depend on scheduling. A teacher's signal is computed once, however many children it teaches.`,
    '',
  ];
  if (report.startups.length > 0) {
    lines.push(
      '| pool size | worker start-up ms (thread, modules, TF.js backend + kernels) | resident memory per worker MiB |',
      '|---:|---:|---:|',
      ...report.startups.map((s) => `| ${s.workers} | ${s.startupMs.toFixed(0)} | ${s.rssPerWorkerMiB.toFixed(0)} |`),
      '',
      'Start-up = pool creation until every worker has finished a one-epoch logistic regression on digits, minus that job\'s training time: a worker thread loading its modules, the WASM backend and the native kernels. The workers of a pool start in parallel but share the cores with each other and the main thread. Memory = process RSS added by the pool after that job, per worker (the dataset itself is shared, not copied).',
      '',
    );
  }
  return lines.join('\n');
}

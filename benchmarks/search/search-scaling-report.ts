/**
 * The search-level speed results (search-scaling.json) and their Markdown section, which
 * benchmarks/results/speed.md includes beside the training and kernel figures (issue 6 asks for
 * them in the same file).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SearchCpu, SearchTimeSplit } from './search-timing.js';

/** Mean validation and test accuracy over seeds of the selected chain's target, the best 1-hop and the target from scratch. */
export interface SearchAccuracy {
  chainValidation?: number;
  chainTest?: number;
  oneHopValidation?: number;
  oneHopTest?: number;
  scratchValidation?: number;
  scratchTest?: number;
}

/** What pytorch-search.py prints, plus the load average when it started and every round's wall time. */
export interface PytorchSearch extends SearchAccuracy {
  torch: string;
  threads: number;
  wallS: number;
  nodesTrained: number;
  teacherSignals: number;
  trainingS: number;
  signalS: number;
  hopsPerCoreHour: number;
  chain: string;
  differences: string[];
  loadAverage?: number;
  roundsWallS?: number[];
}

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
  /** 1-minute load average when the search started (the machine is shared). */
  loadAverage?: number;
  /** Where the workers' time went (search-timing.ts). */
  time?: SearchTimeSplit;
  accuracy?: SearchAccuracy;
}

export interface WorkerStartup {
  workers: number;
  /** Whether the workers load TF.js (a search with networks); absent in files from before it could be false. */
  tfjs?: boolean;
  /** Pool creation until every worker has finished a 1-epoch job, minus the longest job's training. */
  startupMs: number;
  /** Resident memory the pool added (after one job each), per worker. */
  rssPerWorkerMiB: number;
}

/**
 * The host's own scaling of the product's hops with no search around them: the space's archs
 * trained from scratch as independent jobs on pools already started and warm (no start-up, no
 * planning or writes on the main thread, no hop waiting for another).
 */
export interface HostCeiling {
  jobs: number;
  archs: string[];
  /** Best wall time of the same jobs on a warm pool of 1 and of 2 workers, and every round's. */
  oneS: number;
  twoS: number;
  roundsOneS: number[];
  roundsTwoS: number[];
  /** Mean trainNode time per job in the fastest round of each. */
  oneHopMs: number;
  twoHopMs: number;
}

export interface SearchScalingReport {
  machine: string;
  commit: string;
  date: string;
  request: { space: string; spaceFile?: string; methods: string[]; seeds: number };
  runs: SearchMeasurement[];
  /** The PyTorch reference of the same search, measured in the same run (fastest round). */
  pytorch?: PytorchSearch;
  startups: WorkerStartup[];
  speedup: number;
  ceiling?: HostCeiling;
  /** The same search with more seeds, 1 and 2 workers (best of its rounds). */
  longer?: { seeds: number; nodesTrained: number; oneS: number; twoS: number; roundsOneS: number[]; roundsTwoS: number[]; sameChain: boolean };
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

const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;
const acc = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : (100 * value).toFixed(1));
const load = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(1));

/** Hops per core-hour of the product and of the PyTorch script, the ratio and the goal (issue 15 item 3). */
function renderPytorch(report: SearchScalingReport, torch: PytorchSearch): string[] {
  const rounds = (walls: number[] | undefined, wall: number) => (walls ?? [wall]).map((w) => w.toFixed(1)).join(', ');
  const best = report.runs.reduce((a, b) => (b.hopsPerCoreHour > a.hopsPerCoreHour ? b : a));
  const ratio = best.hopsPerCoreHour / torch.hopsPerCoreHour;
  const accuracyRow = (name: string, chain: string, a: SearchAccuracy | undefined) =>
    `| ${name} | ${chain} | ${acc(a?.chainValidation)} | ${acc(a?.chainTest)} | ${acc(a?.oneHopValidation)} | ${acc(a?.oneHopTest)} | ${acc(a?.scratchValidation)} | ${acc(a?.scratchTest)} |`;
  const one = report.runs.find((r) => r.workers === 1);
  const testGap = one?.accuracy?.chainTest !== undefined && torch.chainTest !== undefined ? 100 * (one.accuracy.chainTest - torch.chainTest) : undefined;
  return [
    '### Against a PyTorch script of the same search (issue 15 item 3)',
    '',
    `\`benchmarks/search/pytorch-search.py\` (torch ${torch.torch}, ${torch.threads} thread) performs the same greedy search in the same run, on the very rows and standardisation the product trains on (search-export.ts writes the run's prepared splits and the search its controller resolved: archs, settings per role, transfer configs with every parameter resolved, seeds, minGain, standard errors, probes).`,
    '',
    '| search | wall s (best) | every round, s | load avg | nodes trained | teacher signals | hops per core-hour | product / PyTorch |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
    ...report.runs.map(
      (m) =>
        `| multihop, ${m.workers} worker${m.workers > 1 ? 's' : ''} | ${m.wallS.toFixed(1)} | ${rounds(m.roundsWallS, m.wallS)} | ${load(m.loadAverage)} | ${m.nodesTrained} | ${m.teacherSignals} | ${m.hopsPerCoreHour.toFixed(0)} | ${(m.hopsPerCoreHour / torch.hopsPerCoreHour).toFixed(2)}× |`,
    ),
    `| PyTorch, ${torch.threads} thread | ${torch.wallS.toFixed(1)} | ${rounds(torch.roundsWallS, torch.wallS)} | ${load(torch.loadAverage)} | ${torch.nodesTrained} | ${torch.teacherSignals} | ${torch.hopsPerCoreHour.toFixed(0)} | 1.00× |`,
    '',
    `Goal: the product at least 2× the script's hops per core-hour. Best product row (${best.workers} worker${best.workers > 1 ? 's' : ''}): **${ratio.toFixed(2)}×, ${ratio >= 2 ? 'met' : 'missed'}**. Hops per core-hour = nodes trained / wall time / cores used (the script: one thread, training ${torch.trainingS.toFixed(1)} s and teacher signals ${torch.signalS.toFixed(1)} s of its ${torch.wallS.toFixed(1)} s); the product's wall time includes loading and splitting the data, starting the pool and recording every node in SQLite, the script's starts after it read the exported arrays. Load average = 1-minute load when the search started, on this shared 2-core machine.`,
    '',
    '| search | chain selected | chain val % | chain test % | 1-hop val % | 1-hop test % | scratch val % | scratch test % |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...report.runs.map((m) => accuracyRow(`multihop, ${m.workers} worker${m.workers > 1 ? 's' : ''}`, m.chain, m.accuracy)),
    accuracyRow('PyTorch', torch.chain, torch),
    '',
    `Accuracies are means over the seeds of the selected chain's target (fastest round of each). ${torch.chain === one?.chain ? 'Both select the same chain' : 'The two select different chains'}${testGap === undefined ? '' : `; the selected chain's test accuracy differs by ${testGap >= 0 ? '+' : ''}${testGap.toFixed(1)} points (product − PyTorch)`}. They need not agree node for node: the script reproduces the algorithm, not the random streams, and a chain of 3 seeds moves by a point or two with them. What the script does differently:`,
    '',
    ...torch.differences.map((d) => `- ${d}`),
    '',
  ];
}

/** Where each worker's time went, and the main thread's (issue 15 item 4). */
function renderTimeSplit(report: SearchScalingReport): string[] {
  const timed = report.runs.filter((m): m is SearchMeasurement & { time: SearchTimeSplit } => m.time !== undefined);
  if (timed.length === 0) return [];
  const cell = (seconds: number, whole: number) => `${seconds.toFixed(1)} (${pct(seconds, whole)})`;
  const one = timed.find((m) => m.workers === 1)?.time;
  const two = timed.find((m) => m.workers === 2)?.time;
  const lines = [
    '### Where the time goes (issue 15 item 4)',
    '',
    'Seconds summed over the workers, and their share of wall × workers, for the fastest round of each; measured without changing the product: the workers post timestamps (benchmarks/search/timed-hop-worker.ts wraps the pool\'s worker), the main thread\'s event-loop utilisation, and a timing wrapper around the results store.',
    '',
    '| workers | wall s | worker start-up | training (trainNode) | hop-job overhead | teacher signals | idle | main thread busy s | SQLite writes s | SQLite reads s | planning s (plans) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...timed.map(({ time: t }) => {
      const whole = t.wallS * t.workers;
      return `| ${t.workers} | ${t.wallS.toFixed(1)} | ${cell(t.startupS, whole)} | ${cell(t.trainingS, whole)} | ${cell(t.jobOverheadS, whole)} | ${cell(t.signalS, whole)} | ${cell(t.idleS, whole)} | ${t.mainBusyS.toFixed(1)} | ${t.storeWriteS.toFixed(2)} | ${t.storeReadS.toFixed(2)} | ${t.planS.toFixed(2)} (${t.plans}) |`;
    }),
    '',
    'Start-up = thread start until its TF.js backend and kernels are ready (for a run without networks, until it has read its setup), less the time it waited for the pool to send it the data (the pool starts its threads before the run loads its data; that wait is idle). Training = trainNode\'s own time per node. Hop-job overhead = the rest of a train job inside the worker (transfer inputs, scratch signals, weights serialised for the store). Teacher signals = signal jobs (parent logits and linear probes). Idle = no job in the worker: before the first hop (waiting for the data, run creation, first plan), while the main thread plans and writes, and while every hop that could run waits on one still training (the root first, then each step\'s intermediates before their targets). Main thread busy = its event loop\'s active time during the search, which includes the SQLite calls and the planning listed after it.',
    '',
    ...renderCpu(timed),
  ];
  if (one && two) {
    // The same worker work at 1 worker's idle share: wall' = work / (2 · (1 − idle share of 1 worker)).
    const withoutExtraIdle = one.wallS / ((two.wallS * 2 - two.idleS) / (2 * (1 - one.idleS / one.wallS)));
    const work = (t: SearchTimeSplit) => t.trainingS + t.jobOverheadS + t.signalS;
    const inflation = work(two) / work(one);
    const loads = timed.map((m) => m.loadAverage).filter((l): l is number => l !== undefined);
    // CPU the search used on its 2 cores: the workers while not idle, and the main thread.
    const busy = two.wallS * 2 - two.idleS + two.mainBusyS;
    lines.push(
      `With 2 workers the same hops took ${inflation.toFixed(2)}× the worker time they took on 1 worker: each of the two threads ran at ${(100 / inflation).toFixed(0)}% of the lone worker's speed${loads.length > 0 ? `, with a 1-minute load average of ${loads.map((l) => l.toFixed(1)).join(' and ')} on 2 cores when the searches started` : ''}. The two workers' non-idle time (${(two.wallS * 2 - two.idleS).toFixed(1)} s) and the main thread's ${two.mainBusyS.toFixed(1)} s (planning, SQLite, collecting results, progress) add up to ${pct(busy, two.wallS * 2)} of the ${(two.wallS * 2).toFixed(1)} core-seconds the 2 cores had (the two are measured by different clocks and may overlap a little); the CPU table above counts every thread, V8's background threads included. With 1 worker the main thread runs on the other core; with 2 it takes its time from the workers' cores, which is where this slowdown goes unless other tenants were running too. Its workers idle ${pct(two.idleS, two.wallS * 2)} of the time against ${pct(one.idleS, one.wallS)} with 1 worker; had they idled no more than 1 worker does, the speed-up would be ${withoutExtraIdle.toFixed(2)}× instead of ${(one.wallS / two.wallS).toFixed(2)}×. Of the main thread's time, planning took ${two.planS.toFixed(2)} s and SQLite ${(two.storeWriteS + two.storeReadS).toFixed(2)} s in the 2-worker search's ${two.wallS.toFixed(1)} s; beside training, the costs are worker start-up (${pct(one.startupS, one.wallS)} of 1 worker's time) and teacher signals (${pct(one.signalS, one.wallS)}). With no start-up and no idle at all in either run, the speed-up would be ${(2 / inflation).toFixed(2)}×, the work of 1 worker over half that of 2: the 1.8× goal needs each of the two threads at 90% of a lone worker's speed or more, besides start-up and idle near zero, so the main thread's share of the cores would have to fall to a few percent.`,
      '',
    );
  }
  return lines;
}

/**
 * CPU time by thread (Linux's per-thread schedstat): whether the 2-worker search had any core
 * time left, and the bound that puts on its speed-up.
 */
function renderCpu(timed: Array<SearchMeasurement & { time: SearchTimeSplit }>): string[] {
  const rows = timed.filter((m): m is SearchMeasurement & { time: SearchTimeSplit & { cpu: SearchCpu } } => m.time.cpu !== undefined);
  if (rows.length === 0) return [];
  const cores = 2;
  const lines = [
    `CPU time of the same searches, by thread, against the ${cores} cores' core-seconds (wall × ${cores}):`,
    '',
    '| workers | wall s | core-seconds | process CPU s | workers\' threads s | main thread s | other threads s | waiting for a core s (workers / main) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(({ time: t }) => {
      const c = t.cpu;
      const whole = t.wallS * cores;
      return `| ${t.workers} | ${t.wallS.toFixed(2)} | ${whole.toFixed(2)} | ${c.processS.toFixed(2)} (${pct(c.processS, whole)}) | ${c.workersS.toFixed(2)} | ${c.mainS.toFixed(2)} | ${c.otherS.toFixed(2)} | ${c.workersWaitS.toFixed(2)} / ${c.mainWaitS.toFixed(2)} |`;
    }),
    '',
    'Workers\' threads = each worker thread from its start to its last job, start-up included; other threads = the rest of the process: V8\'s background threads (its optimising compiler, which compiles the same hot code once per worker, and its garbage collector) and libuv\'s. Waiting for a core = time a thread was ready to run but every core was taken (schedstat\'s run-queue time).',
    '',
  ];
  const one = rows.find((m) => m.workers === 1)?.time;
  const two = rows.find((m) => m.workers === 2)?.time;
  if (one && two) {
    // 2 workers cannot finish before the process's CPU fits on 2 cores.
    const bound = one.wallS / (two.cpu.processS / cores);
    lines.push(
      `With 1 worker the search's ${one.wallS.toFixed(2)} s are its worker's; the main thread (${one.cpu.mainS.toFixed(2)} s) and the other threads (${one.cpu.otherS.toFixed(2)} s) run on the second core, which is otherwise idle. With 2 workers all of it shares the 2 cores: the process used ${two.cpu.processS.toFixed(2)} CPU-seconds, ${pct(two.cpu.processS, two.wallS * cores)} of the ${(two.wallS * cores).toFixed(2)} there were, and its threads waited ${(two.cpu.workersWaitS + two.cpu.mainWaitS).toFixed(2)} s for a core (${(one.cpu.workersWaitS + one.cpu.mainWaitS).toFixed(2)} s with 1 worker). Two workers cannot beat that CPU time spread perfectly over both cores: a speed-up of at most ${bound.toFixed(2)}×, against the ${(one.wallS / two.wallS).toFixed(2)}× these two searches measured. The 1.8× goal needs the 2-worker process to use no more than ${((2 * one.wallS) / 1.8).toFixed(2)} CPU-seconds, ${((two.cpu.processS - (2 * one.wallS) / 1.8)).toFixed(2)} s less than it did: its workers' threads alone used ${two.cpu.workersS.toFixed(2)} s against ${one.cpu.workersS.toFixed(2)} s for the lone worker (start-up and cold code paid twice), the main thread ${two.cpu.mainS.toFixed(2)} s and the other threads ${two.cpu.otherS.toFixed(2)} s.`,
      '',
    );
  }
  return lines;
}

/** How much longer a hop took beside another than alone (as long, within half a percent). */
function hopSlowdown(c: HostCeiling): string {
  const change = (c.twoHopMs - c.oneHopMs) / c.oneHopMs;
  if (Math.abs(change) < 0.005) return 'taking as long beside another as alone';
  return `taking ${(100 * Math.abs(change)).toFixed(0)}% ${change > 0 ? 'longer' : 'less'} beside another than alone`;
}

/** What 2 workers give on this host with nothing around the hops, beside what the search got. */
function renderCeiling(report: SearchScalingReport, c: HostCeiling): string[] {
  const ratio = c.oneS / c.twoS;
  const l = report.longer;
  const longer = l
    ? [
        `The same search with ${l.seeds} seeds (${l.nodesTrained} nodes), where start-up is a smaller share: ${l.oneS.toFixed(2)} s with 1 worker (rounds ${l.roundsOneS.map((w) => w.toFixed(2)).join(', ')}), ${l.twoS.toFixed(2)} s with 2 (rounds ${l.roundsTwoS.map((w) => w.toFixed(2)).join(', ')}): **${(l.oneS / l.twoS).toFixed(2)}×**${l.sameChain ? ', the same chain' : ', a different chain (a bug: the result must not depend on the worker count)'}.`,
        '',
      ]
    : [];
  return [
    '### The host\'s own ceiling',
    '',
    `The same kind of work with no search around it: ${c.jobs} independent hops (${c.archs.join(', ')} from scratch, the space's training settings, seeds cycling) on a pool of 1 and of 2 workers started and warmed beforehand, so no start-up, no planning or SQLite on the main thread and no hop waiting for another; best of ${c.roundsOneS.length} interleaved rounds.`,
    '',
    '| workers | wall s (best) | every round, s | trainNode ms per hop |',
    '|---:|---:|---|---:|',
    `| 1 | ${c.oneS.toFixed(2)} | ${c.roundsOneS.map((w) => w.toFixed(2)).join(', ')} | ${c.oneHopMs.toFixed(1)} |`,
    `| 2 | ${c.twoS.toFixed(2)} | ${c.roundsTwoS.map((w) => w.toFixed(2)).join(', ')} | ${c.twoHopMs.toFixed(1)} |`,
    '',
    `Two workers give **${ratio.toFixed(2)}×** one here, each hop ${hopSlowdown(c)}: that is this host's ceiling for the search's ${report.speedup.toFixed(2)}×. What the search loses below it is its start-up (each worker's threads, modules and backend, paid once per search and in parallel by 2 workers on the 2 cores the main thread also needs), the main thread's share of the cores, and the hops that must wait for another (the root first, then each step's intermediates).`,
    '',
    ...longer,
  ];
}

export function renderSearchScaling(report: SearchScalingReport): string {
  const { request } = report;
  const space = request.spaceFile && request.spaceFile !== request.space ? `\`${request.space}\` (${request.spaceFile})` : `\`${request.space}\``;
  const lines = [
    '## Search-level speed: 1 vs 2 workers, and against PyTorch',
    '',
    `Measured by \`npm run bench:search\` on ${report.date} at commit ${report.commit} (${report.machine}): one fixed greedy search, space ${space}, methods ${request.methods.join(',')}, ${request.seeds} seed(s), each worker count in a fresh pool, best of interleaved rounds.${request.space === 'search-mlp' ? ' search-mlp is the former `default` space (an mlp chain on digits); the shipped `default` is now a tree search, which a PyTorch script cannot reproduce.' : ''}`,
    '',
    '| workers | wall s (best) | every round, s | nodes trained | hops per core-hour | teacher signals computed | children trained by a teacher | peak extra RSS MiB | workers busy training | chain |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---|',
    ...report.runs.map(
      (m) =>
        `| ${m.workers} | ${m.wallS.toFixed(1)} | ${(m.roundsWallS ?? [m.wallS]).map((w) => w.toFixed(1)).join(', ')} | ${m.nodesTrained} | ${m.hopsPerCoreHour.toFixed(0)} | ${m.teacherSignals} | ${m.childrenTaught} | ${m.peakExtraRssMiB.toFixed(0)} | ${m.busyShare === undefined ? '–' : `${(100 * m.busyShare).toFixed(0)}%`} | ${m.chain} |`,
    ),
    '',
    `Speed-up with 2 workers: **${report.speedup.toFixed(2)}×**, fastest against fastest round (goal ≥ 1.8× on 2 cores: **${report.speedup >= 1.8 ? 'met' : 'missed'}**)${perRound(report)}. The workers spend the 'busy' share of the wall time training; the rest is broken down below. The chain is the same with 1 and 2 workers when the two rows agree: the result does not depend on scheduling. A teacher's signal is computed once, however many children it teaches.`,
    '',
    ...(report.pytorch ? renderPytorch(report, report.pytorch) : []),
    ...renderTimeSplit(report),
    ...(report.ceiling ? renderCeiling(report, report.ceiling) : []),
  ];
  if (report.startups.length > 0) {
    lines.push(
      '| pool size | TF.js | worker start-up ms (thread, modules, kernels, TF.js backend when loaded) | resident memory per worker MiB |',
      '|---:|---|---:|---:|',
      ...report.startups.map((s) => `| ${s.workers} | ${s.tfjs === false ? 'no' : 'yes'} | ${s.startupMs.toFixed(0)} | ${s.rssPerWorkerMiB.toFixed(0)} |`),
      '',
      'Start-up = pool creation until every worker has finished a one-epoch job on digits, minus that job\'s training time: a worker thread loading its modules, the native kernels and, in the rows with TF.js (a search with a model that needs it: a cnn, dropout, a user\'s model; the job is a logistic regression as an mlp without hidden layers), TF.js and its WASM backend. A search of trees, forests, boosting and linear models, or of mlps the fused step trains (the benchmark search above), never loads TF.js in its workers: the rows without it, whose job is a `linear` model. The workers of a pool start in parallel but share the cores with each other and the main thread. Memory = process RSS added by the pool after that job, per worker (the dataset itself is shared, not copied).',
      '',
    );
  }
  return lines.join('\n');
}

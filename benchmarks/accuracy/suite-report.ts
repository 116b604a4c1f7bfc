/**
 * The accuracy suite's report (issue 13): reads the runs of the suite's sweep from the results
 * store, adds scikit-learn's same-size model on each run's own split, and aggregates per dataset ×
 * search space over the split seeds: complex, scratch, scikit-learn, 1-hop, multihop and the best
 * simple model, with paired tests, and the goals' outcomes in the headline.
 *
 * Every run is one observation: its accuracies are means over the run's replicate seeds. The
 * multihop column is the chain the search selected on validation (the standard-error rule may
 * keep it at 1-hop); "best" is the run's best simple model (scratch, 1-hop or multihop, chosen on
 * validation). "No intermediate" is the better of scratch and 1-hop on validation, per run: what
 * the intermediates themselves must beat.
 */
import { basename } from 'node:path';
import { meanStd } from '../../src/core/index.js';
import { datasetLoadOptions, storedRunConfig } from '../../src/config/index.js';
import { loadDataset, prepareData } from '../../src/data/index.js';
import { summariseRun, type RunSummary } from '../../src/report/index.js';
import { canonicalJson } from '../../src/search/index.js';
import type { ResultsStore } from '../../src/store/index.js';
import { collectSweepReport } from '../../src/sweep/index.js';
import { pairedTTest, type PairedTest } from './accuracy-stats.js';
import { sklearnSameSize, type SklearnCache } from './sklearn-same-size.js';

/** One run of the suite, reduced to test accuracies (means over its replicate seeds). */
export interface SuiteRun {
  runId: string;
  dataset: string;
  space: string;
  splitSeed: number;
  targetLabel: string;
  targetFamily: string;
  targetParams: number;
  rootLabel: string;
  rootFamily: string;
  rootParams: number;
  complex: number | null;
  scratch: number | null;
  oneHop: number | null;
  multihop: number | null;
  /** The selected chain has at least one intermediate. */
  multihopHasIntermediate: boolean;
  /** The better of scratch and 1-hop on validation: the search without intermediates. */
  noIntermediate: number | null;
  best: number | null;
  bestKind: string | null;
  sklearn: number | null;
  sklearnSetting: string | null;
  /** Seconds from the run's first hop start to its last hop end (data loading excluded). */
  wallSeconds: number;
}

/** Mean ± sample sd over the runs of a row, with how many runs had the value. */
export interface Cell {
  mean: number;
  std: number;
  n: number;
}

/** One dataset × space row. */
export interface SuiteRow {
  dataset: string;
  space: string;
  target: string;
  complexModel: string;
  capacityRatio: number;
  runs: number;
  cells: Record<'complex' | 'scratch' | 'sklearn' | 'oneHop' | 'multihop' | 'best', Cell | null>;
  bestMinusSklearn: PairedTest;
  multihopMinusOneHop: PairedTest;
  multihopMinusNoIntermediate: PairedTest;
  /** Runs whose selected chain has an intermediate, and of those how many lost test accuracy against 1-hop. */
  withIntermediate: number;
  negativeGain: number;
  bestKinds: Record<string, number>;
}

export interface SuiteReport {
  sweep: { id: string; name: string; status: string; done: number; failed: number; total: number };
  /** Runs that failed, grouped by their grid values' dataset and space, with the first reason. */
  failures: Array<{ dataset: string; space: string; runs: number; reason: string }>;
  rows: SuiteRow[];
  goals: {
    /** Mean over rows of best − scikit-learn (points); goal ≥ 0. */
    averageBestMinusSklearn: number | null;
    /** Per dataset, the mean over its rows of best − scikit-learn (points); goal ≥ −1 on every dataset. */
    perDataset: Array<{ dataset: string; bestMinusSklearn: number }>;
    averageMet: boolean | null;
    everyDatasetMet: boolean | null;
  };
  /**
   * The overnight goal (6 h on 2 cores): the runs' wall time summed. Judged once every run has
   * settled (or the sum already exceeds it): runs differ by minutes to hours, so no projection.
   */
  time: { seconds: number; runs: number; notSettled: number; goalSeconds: number; met: boolean | null };
  /** multihop − 1-hop and multihop − no intermediate, averaged over rows, and grouped. */
  chains: {
    overOneHop: number | null;
    overNoIntermediate: number | null;
    byGroup: Array<{ group: string; rows: number; overOneHop: number; overNoIntermediate: number }>;
  };
}

/** A dataset's name in the report: an embedded name as it is, a file path without folder and extension. */
export const datasetLabel = (dataset: string): string => basename(dataset).replace(/\.csv(\.gz)?$/, '');

const meanOf = (chain: RunSummary['chains'][number] | undefined): number | null => (chain ? chain.test.mean : null);

/** The suite's runs that finished, each with its scikit-learn reference (fitted or from the cache). */
export async function collectSuiteRuns(store: ResultsStore, sweepId: string, cache: SklearnCache | null, log: (line: string) => void): Promise<{ runs: SuiteRun[]; report: ReturnType<typeof collectSweepReport> }> {
  const report = collectSweepReport(store, sweepId);
  const runs: SuiteRun[] = [];
  for (const row of report.rows) {
    if (row.status !== 'done') continue;
    const summary = summariseRun(store, row.runId);
    const record = store.getRun(row.runId)!;
    const config = storedRunConfig(row.runId, record.config);
    const target = config.space.target.arch;
    const chain = (kind: string) => summary.chains.find((c) => c.kind === kind);
    const scratch = chain('scratch');
    const oneHop = chain('one-hop');
    const multihop = chain('multihop');
    const noIntermediateChain = scratch && oneHop ? (oneHop.validation.mean >= scratch.validation.mean ? oneHop : scratch) : (oneHop ?? scratch);
    let sklearn: { test: number; setting: string } | null = null;
    if (cache) {
      const data = prepareData(await loadDataset(config.dataset, datasetLoadOptions(config)), config.split);
      const fitted = sklearnSameSize(data, [target], config.split.seed, cache).get(canonicalJson(target));
      if (fitted) sklearn = { test: fitted.test, setting: JSON.stringify(fitted.params) };
    }
    const targetLink = (multihop ?? oneHop ?? scratch)?.links.at(-1);
    const hops = store.listNodes(row.runId).filter((n) => n.startedAt !== null && n.finishedAt !== null);
    const wallSeconds = hops.length === 0 ? 0 : (Math.max(...hops.map((n) => Date.parse(n.finishedAt!))) - Math.min(...hops.map((n) => Date.parse(n.startedAt!)))) / 1000;
    runs.push({
      runId: row.runId,
      dataset: datasetLabel(config.dataset),
      space: config.space.name,
      splitSeed: config.split.seed,
      targetLabel: targetLink?.archLabel ?? target.family,
      targetFamily: target.family,
      targetParams: targetLink?.params ?? Number.NaN,
      rootLabel: summary.root?.archLabel ?? '',
      rootFamily: config.space.root.arch.family,
      rootParams: summary.root?.params ?? Number.NaN,
      complex: summary.root?.test ?? null,
      scratch: meanOf(scratch),
      oneHop: meanOf(oneHop),
      multihop: meanOf(multihop),
      multihopHasIntermediate: (multihop?.links.filter((l) => l.method !== 'root').length ?? 0) > 1,
      noIntermediate: meanOf(noIntermediateChain),
      best: summary.best?.test.mean ?? null,
      bestKind: summary.best?.kind ?? null,
      sklearn: sklearn?.test ?? null,
      sklearnSetting: sklearn?.setting ?? null,
      wallSeconds,
    });
    log(`${row.runId}: ${runs.at(-1)!.dataset} ${config.space.name} seed ${config.split.seed}`);
  }
  return { runs, report };
}

function cell(values: Array<number | null>): Cell | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return null;
  const { mean, std } = meanStd(present);
  return { mean, std, n: present.length };
}

const average = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

/** Issue 13's bound on the whole suite, on 2 cores. */
const OVERNIGHT_HOURS = 6;

const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;

/** Groups runs per dataset × space and computes the columns, tests and goals. */
export function aggregateSuite(runs: SuiteRun[], sweep: SuiteReport['sweep'], failures: SuiteReport['failures'] = []): SuiteReport {
  const groups = new Map<string, SuiteRun[]>();
  for (const run of runs) {
    const key = `${run.dataset}\u0000${run.space}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  const rows: SuiteRow[] = [...groups.values()].map((group) => {
    const [first] = group;
    const column = (pick: (r: SuiteRun) => number | null) => group.map(pick);
    const withIntermediate = group.filter((r) => r.multihopHasIntermediate);
    const bestKinds: Record<string, number> = {};
    for (const r of group) if (r.bestKind) bestKinds[r.bestKind] = (bestKinds[r.bestKind] ?? 0) + 1;
    return {
      dataset: first.dataset,
      space: first.space,
      target: first.targetLabel,
      complexModel: first.rootLabel,
      capacityRatio: first.rootParams / first.targetParams,
      runs: group.length,
      cells: {
        complex: cell(column((r) => r.complex)),
        scratch: cell(column((r) => r.scratch)),
        sklearn: cell(column((r) => r.sklearn)),
        oneHop: cell(column((r) => r.oneHop)),
        multihop: cell(column((r) => r.multihop)),
        best: cell(column((r) => r.best)),
      },
      bestMinusSklearn: pairedTTest(column((r) => r.sklearn), column((r) => r.best)),
      multihopMinusOneHop: pairedTTest(column((r) => r.oneHop), column((r) => r.multihop)),
      multihopMinusNoIntermediate: pairedTTest(column((r) => r.noIntermediate), column((r) => r.multihop)),
      withIntermediate: withIntermediate.length,
      negativeGain: withIntermediate.filter((r) => r.multihop !== null && r.oneHop !== null && r.multihop < r.oneHop).length,
      bestKinds,
    };
  });
  const points = (test: PairedTest) => (test.n > 0 ? 100 * test.meanDifference : null);
  const bestVsSklearn = rows.map((r) => points(r.bestMinusSklearn)).filter((v): v is number => v !== null);
  const datasets = [...new Set(rows.map((r) => r.dataset))];
  const perDataset = datasets.flatMap((dataset) => {
    const value = average(rows.filter((r) => r.dataset === dataset).map((r) => points(r.bestMinusSklearn)).filter((v): v is number => v !== null));
    return value === null ? [] : [{ dataset, bestMinusSklearn: value }];
  });
  const averageBestMinusSklearn = average(bestVsSklearn);
  const chainGain = (pick: (r: SuiteRow) => PairedTest, subset: SuiteRow[]) => average(subset.map((r) => points(pick(r))).filter((v): v is number => v !== null));
  const grouping: Array<[string, (r: SuiteRow) => string]> = [
    ['complex model family', (r) => r.complexModel.split('[')[0]],
    ['target', (r) => r.target],
    ['capacity gap (complex/target params)', (r) => (r.capacityRatio >= 1000 ? '≥ 1000×' : r.capacityRatio >= 100 ? '100–1000×' : '< 100×')],
  ];
  const byGroup = grouping.flatMap(([name, keyOf]) =>
    [...new Set(rows.map(keyOf))].map((value) => {
      const subset = rows.filter((r) => keyOf(r) === value);
      return {
        group: `${name}: ${value}`,
        rows: subset.length,
        overOneHop: chainGain((r) => r.multihopMinusOneHop, subset) ?? Number.NaN,
        overNoIntermediate: chainGain((r) => r.multihopMinusNoIntermediate, subset) ?? Number.NaN,
      };
    }),
  );
  const seconds = runs.reduce((sum, r) => sum + r.wallSeconds, 0);
  const notSettled = Math.max(0, sweep.total - sweep.done - sweep.failed);
  const goalSeconds = OVERNIGHT_HOURS * 3600;
  return {
    sweep,
    failures,
    rows,
    time: { seconds, runs: runs.length, notSettled, goalSeconds, met: seconds > goalSeconds ? false : notSettled > 0 || runs.length === 0 ? null : true },
    goals: {
      averageBestMinusSklearn,
      perDataset,
      averageMet: averageBestMinusSklearn === null ? null : averageBestMinusSklearn >= 0,
      everyDatasetMet: perDataset.length === 0 ? null : perDataset.every((d) => d.bestMinusSklearn >= -1),
    },
    chains: {
      overOneHop: chainGain((r) => r.multihopMinusOneHop, rows),
      overNoIntermediate: chainGain((r) => r.multihopMinusNoIntermediate, rows),
      byGroup,
    },
  };
}

const pct = (c: Cell | null) => (c === null ? '–' : `${(100 * c.mean).toFixed(2)} ± ${(100 * c.std).toFixed(2)}`);
const delta = (t: PairedTest) => (t.n === 0 ? '–' : `${t.meanDifference >= 0 ? '+' : ''}${(100 * t.meanDifference).toFixed(2)}${t.pValue === null ? '' : ` (p ${t.pValue.toFixed(3)})`}`);
const signed = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);

/** The report as Markdown: headline with the goals, the table, the chain breakdown. */
export function renderSuiteMarkdown(report: SuiteReport, meta: { host: string; sklearn: string; command: string }): string {
  const { goals, chains, sweep } = report;
  const verdict = (met: boolean | null) => (met === null ? 'not measured' : met ? '**met**' : '**missed**');
  const worst = [...goals.perDataset].sort((a, b) => a.bestMinusSklearn - b.bestMinusSklearn)[0];
  const lines = [
    '# Accuracy suite v2: the best simple model against scikit-learn, and when the chain helps',
    '',
    `Sweeps \`${sweep.name}\` (${sweep.id}): ${sweep.done}/${sweep.total} runs done${sweep.failed ? `, ${sweep.failed} failed` : ''}, status ${sweep.status}. ${meta.host}. ${meta.sklearn}.`,
    '',
    `**Headline.** Best simple model − scikit-learn's tuned model of the same family and size: ${signed(goals.averageBestMinusSklearn)} points on average over ${report.rows.length} dataset × space rows (goal ≥ 0: ${verdict(goals.averageMet)}); ` +
      `worst dataset ${worst ? `${worst.dataset} ${signed(worst.bestMinusSklearn)}` : '–'} (goal: never below −1 on any dataset: ${verdict(goals.everyDatasetMet)}). ` +
      `Multihop − 1-hop: ${signed(chains.overOneHop)} points on average; multihop − the better of scratch and 1-hop (no intermediate): ${signed(chains.overNoIntermediate)}. ` +
      `Time: ${hours(report.time.seconds)} over ${report.time.runs} runs (each run's first hop start to last hop end, summed)` +
      (report.time.notSettled > 0 ? `, ${report.time.notSettled} runs not run yet` : '') +
      ` (goal ≤ ${hours(report.time.goalSeconds)} on 2 cores: ${report.time.met === null && report.time.notSettled > 0 ? 'judged when every run is done' : verdict(report.time.met)}).`,
    '',
    `Reproduce: \`${meta.command}\`. Each run is one split seed (its accuracies are means over the run's replicate seeds); columns are test accuracy (%), mean ± sd over split seeds; selection used validation only. Δ columns are paired over split seeds (two-sided t-test).`,
    '',
    '| dataset | space | target | runs | complex | scratch | scikit-learn | 1-hop | multihop | best | Δ best − sklearn | Δ multihop − 1-hop | Δ multihop − no intermediate | chains with an intermediate (test loss vs 1-hop) | best was |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...report.rows.map(
      (r) =>
        `| ${r.dataset} | ${r.space} | ${r.target} | ${r.runs} | ${pct(r.cells.complex)} | ${pct(r.cells.scratch)} | ${pct(r.cells.sklearn)} | ${pct(r.cells.oneHop)} | ${pct(r.cells.multihop)} | ${pct(r.cells.best)} | ${delta(r.bestMinusSklearn)} | ${delta(r.multihopMinusOneHop)} | ${delta(r.multihopMinusNoIntermediate)} | ${r.withIntermediate} (${r.negativeGain} lost) | ${Object.entries(r.bestKinds).map(([k, n]) => `${k} ${n}`).join(', ')} |`,
    ),
    '',
    ...(report.failures.length === 0
      ? []
      : ['## Runs that failed', '', '| dataset | space | runs | why (first run) |', '|---|---|---|---|', ...report.failures.map((f) => `| ${f.dataset} | ${f.space} | ${f.runs} | ${f.reason.replace(/\|/g, '/')} |`), '']),
    '## Where the chain helps',
    '',
    '| group | rows | multihop − 1-hop (pts) | multihop − no intermediate (pts) |',
    '|---|---|---|---|',
    ...chains.byGroup.map((g) => `| ${g.group} | ${g.rows} | ${signed(g.overOneHop)} | ${signed(g.overNoIntermediate)} |`),
    '',
    '## Per dataset: best simple model − scikit-learn (points, mean over the dataset\'s rows)',
    '',
    '| dataset | Δ |',
    '|---|---|',
    ...goals.perDataset.map((d) => `| ${d.dataset} | ${signed(d.bestMinusSklearn)} |`),
    '',
  ];
  return lines.join('\n');
}

/**
 * Turns benchmark runs into the accuracy table: per dataset × method, scratch / 1-hop / multihop
 * test accuracy over seeds, the paired multihop − 1-hop test, the chains found, the complex
 * model's accuracy, parameter counts, scikit-learn's reference, and the "when does it help" view.
 */
import { meanStd } from '../../src/core/index.js';
import type { RunOutcome } from './accuracy-run.js';
import { countValues, pairedTTest, type PairedTest } from './accuracy-stats.js';
import type { BenchSuite } from './accuracy-suite.js';
import type { SklearnBaseline } from './sklearn-baseline.js';

/** Where and how the benchmark ran. */
export interface BenchMeta {
  date: string;
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; platform: string };
  backend: string;
  gitCommit: string;
  suite: string;
  /** Share of the training split reserved for the complex model. */
  rootShare: number;
  /** Base name of the output files: <name>.md, <name>.json, <name>-gain.svg. */
  outputName: string;
  /** Wall time of the whole suite so far. */
  wallMs: number;
  complete: boolean;
  sklearn: string;
}

/** Mean ± sample std over the seeds that have a value. */
export interface Spread {
  mean: number | null;
  std: number | null;
  n: number;
}

/** One row of the table: a dataset with one transfer method. */
export interface BenchRow {
  dataset: string;
  method: string;
  seeds: number[];
  rootArch: string;
  rootParams: number;
  targetArch: string;
  targetParams: number;
  /** root params / target params. */
  paramRatio: number;
  root: Spread;
  scratch: Spread;
  oneHop: Spread;
  multihop: Spread;
  sklearn: Spread & { model: string | null };
  /** multihop − 1-hop, paired over seeds. */
  gain: PairedTest;
  /** multihop − scratch, paired over seeds. */
  gainOverScratch: PairedTest;
  /**
   * Test accuracy of what the search picks without intermediates: the better of scratch and the
   * best 1-hop on validation (scratch on ties), per seed.
   */
  noIntermediate: Spread;
  /** multihop − noIntermediate, paired over seeds: what the intermediates themselves added. */
  gainOverNoIntermediate: PairedTest;
  /** Mean complex-model test accuracy − mean scratch target test accuracy. */
  accuracyGap: number | null;
  /** Chains selected over seeds, most common first. */
  chains: Array<{ value: string; count: number }>;
  /** Seeds whose selected chain has at least one intermediate model. */
  seedsWithIntermediate: number;
}

export interface BenchReport {
  meta: BenchMeta;
  datasets: Array<{ dataset: string; note: string }>;
  rows: BenchRow[];
  summary: {
    /** Mean over rows of the mean multihop − 1-hop gain. */
    averageGain: number | null;
    best: { dataset: string; method: string; gain: number } | null;
    worst: { dataset: string; method: string; gain: number } | null;
    rowsWhereMultihopWins: number;
    rowsWhereMultihopLoses: number;
    /** Mean over rows of multihop − (better of scratch and 1-hop on validation). */
    averageGainOverNoIntermediate: number | null;
    rowsWhereIntermediatesHelp: number;
    rowsWhereIntermediatesHurt: number;
  };
  runs: RunOutcome[];
  sklearn: Record<string, SklearnBaseline>;
}

/** Key of a (dataset, seed) sklearn result. */
export const sklearnKey = (dataset: string, seed: number) => `${dataset}#${seed}`;

function spread(values: Array<number | null | undefined>): Spread {
  const present = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (present.length === 0) return { mean: null, std: null, n: 0 };
  return { ...meanStd(present), n: present.length };
}

function rowOf(dataset: string, method: string, runs: RunOutcome[], sklearn: Record<string, SklearnBaseline>): BenchRow {
  const first = runs[0];
  const rootParams = first.root?.params ?? Number.NaN;
  const oneHop = runs.map((r) => r.oneHop?.test ?? null);
  const multihop = runs.map((r) => r.multihop?.test ?? null);
  const scratch = runs.map((r) => r.scratch?.test ?? null);
  const noIntermediate = runs.map((r) => {
    const pick = r.oneHop && (!r.scratch || r.oneHop.validation > r.scratch.validation) ? r.oneHop : r.scratch;
    return pick?.test ?? null;
  });
  const root = spread(runs.map((r) => r.root?.test));
  const scratchSpread = spread(scratch);
  const sk = runs.map((r) => sklearn[sklearnKey(dataset, r.seed)]);
  const skModel = sk.find((s) => s && 'model' in s);
  return {
    dataset,
    method,
    seeds: runs.map((r) => r.seed),
    rootArch: first.root?.archLabel ?? '?',
    rootParams,
    targetArch: first.target.archLabel,
    targetParams: first.target.params,
    paramRatio: rootParams / first.target.params,
    root,
    scratch: scratchSpread,
    oneHop: spread(oneHop),
    multihop: spread(multihop),
    sklearn: { ...spread(sk.map((s) => (s && 'test' in s ? s.test : null))), model: skModel && 'model' in skModel ? skModel.model : null },
    gain: pairedTTest(oneHop, multihop),
    gainOverScratch: pairedTTest(scratch, multihop),
    noIntermediate: spread(noIntermediate),
    gainOverNoIntermediate: pairedTTest(noIntermediate, multihop),
    accuracyGap: root.mean !== null && scratchSpread.mean !== null ? root.mean - scratchSpread.mean : null,
    chains: countValues(runs.map((r) => r.multihop?.chain ?? '(none)')),
    seedsWithIntermediate: runs.filter((r) => (r.multihop?.intermediates ?? 0) > 0).length,
  };
}

/** Groups the suite's runs into rows (suite order: dataset, then method; other seeds left out) and computes the headline numbers. */
export function buildReport(
  meta: BenchMeta,
  suite: BenchSuite,
  runs: RunOutcome[],
  sklearn: Record<string, SklearnBaseline>,
): BenchReport {
  const rows: BenchRow[] = [];
  for (const { dataset } of suite.datasets) {
    for (const method of suite.methods) {
      const matching = runs
        .filter((r) => r.dataset === dataset && r.method === method && suite.seeds.includes(r.seed))
        .sort((a, b) => a.seed - b.seed);
      if (matching.length > 0) rows.push(rowOf(dataset, method, matching, sklearn));
    }
  }
  const gains = rows
    .filter((r) => Number.isFinite(r.gain.meanDifference))
    .map((r) => ({ dataset: r.dataset, method: r.method, gain: r.gain.meanDifference }));
  const byGain = [...gains].sort((a, b) => b.gain - a.gain);
  const overBaseline = rows.map((r) => r.gainOverNoIntermediate.meanDifference).filter(Number.isFinite);
  return {
    meta,
    datasets: suite.datasets.map(({ dataset, note }) => ({ dataset, note })),
    rows,
    summary: {
      averageGain: gains.length > 0 ? gains.reduce((a, g) => a + g.gain, 0) / gains.length : null,
      best: byGain[0] ?? null,
      worst: byGain[byGain.length - 1] ?? null,
      rowsWhereMultihopWins: gains.filter((g) => g.gain > 0).length,
      rowsWhereMultihopLoses: gains.filter((g) => g.gain < 0).length,
      averageGainOverNoIntermediate: overBaseline.length > 0 ? overBaseline.reduce((a, g) => a + g, 0) / overBaseline.length : null,
      rowsWhereIntermediatesHelp: overBaseline.filter((g) => g > 0).length,
      rowsWhereIntermediatesHurt: overBaseline.filter((g) => g < 0).length,
    },
    runs,
    sklearn,
  };
}

const pct = (v: number | null | undefined, digits = 2) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : (100 * v).toFixed(digits));
const pm = (s: Spread) => (s.mean === null ? '–' : `${pct(s.mean)} ± ${pct(s.std)}`);
const signed = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}`);
const pValue = (p: number | null) => (p === null ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));
const delta = (test: PairedTest) => `${signed(test.meanDifference)} (p ${pValue(test.pValue)})`;
const count = (n: number) => n.toLocaleString('en-US');

/** The Markdown page: headline, table, chains, analysis, the setup it ran on. */
export function renderMarkdown(report: BenchReport): string {
  const { meta, rows, summary } = report;
  const lines: string[] = [];
  lines.push('# Accuracy benchmark: scratch vs 1-hop vs multihop');
  lines.push('');
  lines.push(
    `${meta.complete ? 'Complete' : '**Partial (still running or cut off)**'} · suite \`${meta.suite}\` · ${meta.date} · git ${meta.gitCommit} · ` +
      `backend ${meta.backend} · ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.memoryGiB} GiB · Node ${meta.machine.node} · ` +
      `total wall time ${(meta.wallMs / 60000).toFixed(1)} min` +
      (meta.rootShare > 0 ? ` · **root share ${meta.rootShare}**: the complex model trains on a disjoint ${100 * meta.rootShare}% of each training split, every other model on the rest` : ''),
  );
  lines.push('');
  lines.push(
    'Each seed s is its own greedy search (`--methods <m> --split-seed s`, initialisation seed s): a different ' +
      'stratified train/validation/test split and initialisation. Accuracies are the simple target model\'s **test** accuracy (%), ' +
      'mean ± sample std over seeds; selection used validation accuracy only. Scratch targets get the same epochs, early stopping ' +
      'and learning rate as transferred ones. "multihop" is the chain the greedy search selected on validation: it may have no ' +
      'intermediate (then it equals 1-hop or scratch, whichever won on validation). Δ columns are differences in points with a ' +
      'two-sided paired t-test over seeds. Because the search falls back to scratch when 1-hop transfer hurts, multihop − 1-hop ' +
      'also credits that fallback; multihop − "no intermediate" (the better of scratch and 1-hop on validation, per seed) is what ' +
      'the intermediate models themselves added.',
  );
  lines.push('');
  if (summary.averageGain !== null) {
    lines.push(
      `**Headline:** average multihop − 1-hop gain ${signed(summary.averageGain)} pts over ${rows.length} dataset × method rows; ` +
        `best ${signed(summary.best?.gain ?? null)} (${summary.best?.dataset}, ${summary.best?.method}), ` +
        `worst ${signed(summary.worst?.gain ?? null)} (${summary.worst?.dataset}, ${summary.worst?.method}); ` +
        `multihop ahead in ${summary.rowsWhereMultihopWins} rows, behind in ${summary.rowsWhereMultihopLoses}, level in ` +
        `${rows.length - summary.rowsWhereMultihopWins - summary.rowsWhereMultihopLoses}. ` +
        `Against the better of scratch and 1-hop (no intermediate): average ${signed(summary.averageGainOverNoIntermediate)} pts; ` +
        `intermediates helped in ${summary.rowsWhereIntermediatesHelp} rows, hurt in ${summary.rowsWhereIntermediatesHurt}.`,
    );
    lines.push('');
  }
  lines.push('## Test accuracy (%)');
  lines.push('');
  lines.push('| dataset | method | seeds | complex | scratch | sklearn | 1-hop | multihop | Δ multihop − 1-hop | Δ multihop − scratch | Δ multihop − no intermediate |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    lines.push(
      `| ${r.dataset} | ${r.method} | ${r.seeds.length} | ${pm(r.root)} | ${pm(r.scratch)} | ${pm(r.sklearn)} | ${pm(r.oneHop)} | ${pm(r.multihop)} | ` +
        `${delta(r.gain)} | ${delta(r.gainOverScratch)} | ${delta(r.gainOverNoIntermediate)} |`,
    );
  }
  lines.push('');
  lines.push('sklearn: scikit-learn of the target\'s size on the same split, its regularisation and learning rate tuned on validation (' + meta.sklearn + ').');
  const weak = [...new Set(rows.filter((r) => r.sklearn.mean !== null && r.scratch.mean !== null && r.sklearn.mean - r.scratch.mean > 0.02).map((r) => r.dataset))];
  if (weak.length > 0) {
    lines.push(
      `**Weak baseline warning:** scikit-learn's model of the same size beats our scratch target by more than 2 points on ${weak.join(', ')}; ` +
        'there every model here (scratch, 1-hop, multihop) trains the target less well than it could, so gains on those rows are measured against a weak baseline.',
    );
  }
  lines.push('');
  lines.push('## Chains selected (most common over seeds)');
  lines.push('');
  lines.push('| dataset | method | chain (count/seeds) | seeds with an intermediate |');
  lines.push('|---|---|---|---|');
  for (const r of rows) {
    const chains = r.chains.map((c) => `\`${c.value}\` (${c.count}/${r.seeds.length})`).join('<br>');
    lines.push(`| ${r.dataset} | ${r.method} | ${chains} | ${r.seedsWithIntermediate}/${r.seeds.length} |`);
  }
  lines.push('');
  lines.push('## When does multihop help? Gain vs capacity and accuracy gap');
  lines.push('');
  lines.push('| dataset | method | complex model (params) | target (params) | param ratio | accuracy gap complex − scratch (pts) | Δ vs 1-hop (pts) | Δ vs no intermediate (pts) |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const r of [...rows].sort((a, b) => a.paramRatio - b.paramRatio || a.method.localeCompare(b.method))) {
    lines.push(
      `| ${r.dataset} | ${r.method} | ${r.rootArch} (${count(r.rootParams)}) | ${r.targetArch} (${count(r.targetParams)}) | ` +
        `${Math.round(r.paramRatio).toLocaleString('en-US')}× | ${signed(r.accuracyGap)} | ${signed(r.gain.meanDifference)} | ` +
        `${signed(r.gainOverNoIntermediate.meanDifference)} |`,
    );
  }
  lines.push('');
  lines.push(`![gain vs parameter ratio and accuracy gap](${meta.outputName}-gain.svg)`);
  lines.push('');
  lines.push('## Datasets and model pairs');
  lines.push('');
  for (const d of report.datasets) lines.push(`- **${d.dataset}**: ${d.note}`);
  lines.push('');
  const flags = meta.outputName === 'accuracy' ? '' : ` -- --name ${meta.outputName}${meta.rootShare > 0 ? ` --root-share ${meta.rootShare}` : ''}`;
  lines.push(
    `Rerun: \`npm run bench:accuracy${flags}\` (writes benchmarks/results/${meta.outputName}.{md,json} and ${meta.outputName}-gain.svg; ` +
      `\`--resume\` continues a cut-off run). Per-run numbers are in ${meta.outputName}.json.`,
  );
  lines.push('');
  return lines.join('\n');
}

import Table from 'cli-table3';
import type { ChainKind } from '../store/index.js';
import { count, percent, percentPm, signedPoints } from './report-format.js';
import type { RunSummary, SummaryChain } from './run-summary.js';

/** One compared quantity: its label and its value in each run (display text). */
export interface ComparisonRow {
  label: string;
  a: string;
  b: string;
  /** True when the two runs differ on this row. */
  differs: boolean;
}

/** Two runs side by side, as `multihop compare` prints them. */
export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  rows: ComparisonRow[];
}

const KINDS: ChainKind[] = ['scratch', 'one-hop', 'multihop'];

function chainOf(summary: RunSummary, kind: ChainKind): SummaryChain | undefined {
  return summary.chains.find((c) => c.kind === kind);
}

function chainPath(chain: SummaryChain | undefined): string {
  return chain ? chain.links.map((l) => `${l.archLabel}${l.method === 'root' ? '' : `[${l.method}]`}`).join(' → ') : '–';
}

/** Lines up settings, complex model, scratch / 1-hop / multihop accuracies and chains of two runs. */
export function compareRuns(a: RunSummary, b: RunSummary): RunComparison {
  const fields: Array<[string, (s: RunSummary) => string]> = [
    ['run', (s) => s.run.id],
    ['status', (s) => s.run.status],
    ['dataset', (s) => s.run.dataset],
    ['space', (s) => s.run.space],
    ['strategy', (s) => s.run.strategy],
    ['methods', (s) => s.run.methods.join(',') || 'scratch'],
    ['seeds', (s) => s.run.seeds.join(',')],
    ['backend', (s) => s.run.backend],
    ['nodes done / failed', (s) => `${s.nodes.done} / ${s.nodes.failed}`],
    ['complex model', (s) => (s.root ? `${s.root.archLabel} (${count(s.root.params)})` : '–')],
    ['complex val / test %', (s) => (s.root ? `${percent(s.root.validation)} / ${percent(s.root.test)}` : '–')],
  ];
  for (const kind of KINDS) {
    fields.push([`${kind} val %`, (s) => { const c = chainOf(s, kind); return c ? percentPm(c.validation, c.validation.perSeed.length) : '–'; }]);
    fields.push([`${kind} test %`, (s) => { const c = chainOf(s, kind); return c ? percentPm(c.test, c.test.perSeed.length) : '–'; }]);
  }
  fields.push(['multihop − 1-hop (test)', (s) => signedPoints(s.gain.overOneHop)]);
  fields.push(['multihop − scratch (test)', (s) => signedPoints(s.gain.overScratch)]);
  for (const kind of KINDS) fields.push([`${kind} chain`, (s) => chainPath(chainOf(s, kind))]);
  const rows = fields.map(([label, value]) => {
    const va = value(a);
    const vb = value(b);
    return { label, a: va, b: vb, differs: va !== vb };
  });
  return { a, b, rows };
}

/** The comparison as a terminal table; rows that differ are marked with '≠'. */
export function renderComparisonText(comparison: RunComparison): string {
  const table = new Table({
    head: ['', `run ${comparison.a.run.id}`, `run ${comparison.b.run.id}`, ''],
    style: { head: [], border: [] },
  });
  // The run ids are in the header; the first row would repeat them.
  for (const row of comparison.rows.slice(1)) table.push([row.label, row.a, row.b, row.differs ? '≠' : '']);
  return table.toString();
}

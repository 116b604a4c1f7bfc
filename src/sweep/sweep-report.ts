/**
 * The cross-run table of a sweep (`multihop report --sweep`, `multihop sweeps`): one row per
 * combination with its grid values, status, best simple model, and scratch, 1-hop and multihop
 * validation/test accuracy (mean ± sd over seeds); as JSON, Markdown or one HTML file.
 */
import { ConfigError } from '../core/index.js';
import { escapeHtml, markdownTable, ownerGone, summariseRun, type RunSummary, type SummaryChain } from '../report/index.js';
import type { ResultsStore, SweepRecord, SweepRunRecord } from '../store/index.js';
import { combinationLabel, valueText } from './sweep-file.js';
import { requireSweep } from './sweep-driver.js';

/** A combination's state: its run's status, or `pending` (not started) / `failed` (failed before its run existed). */
export type CombinationStatus = 'pending' | 'running' | 'interrupted' | 'done' | 'failed';

/** A sweep's state: done when every combination is, failed when every one ended and some failed. */
export type SweepStatus = 'done' | 'failed' | 'running' | 'incomplete';

type Stats = { mean: number; std: number };

/** One chain kind's accuracy over seeds. */
export interface SweepChainCell {
  method: string;
  validation: Stats;
  test: Stats;
}

/** The best simple model of a run: the most accurate target on validation. */
export interface SweepBest {
  archLabel: string;
  /** How it was trained: 'scratch', 'one-hop' or 'multihop', and the method label. */
  kind: string;
  method: string;
  validation: Stats;
  test: Stats;
}

/** One row of the cross-run table. */
export interface SweepReportRow {
  position: number;
  runId: string;
  /** The combination's grid values (fixed ones left out: they are the same in every row). */
  values: Record<string, unknown>;
  status: CombinationStatus;
  error: string | null;
  seeds: number;
  best: SweepBest | null;
  scratch: SweepChainCell | null;
  oneHop: SweepChainCell | null;
  multihop: SweepChainCell | null;
}

/** The cross-run table of a sweep. */
export interface SweepReport {
  sweep: { id: string; name: string; createdAt: string; status: SweepStatus; done: number; failed: number; total: number };
  gridKeys: string[];
  fixed: Record<string, unknown>;
  rows: SweepReportRow[];
}

/** A combination's status from its run (or the sweep's record when it never got one). */
export function combinationStatus(store: ResultsStore, combination: SweepRunRecord): CombinationStatus {
  const run = store.getRun(combination.runId);
  if (!run) return combination.error === null ? 'pending' : 'failed';
  // A run stored as running whose process is gone was interrupted by a crash.
  if (run.status === 'running' && ownerGone(store, run)) return 'interrupted';
  return run.status;
}

/** The sweep's status from its combinations'. */
export function sweepStatus(statuses: readonly CombinationStatus[]): SweepStatus {
  if (statuses.every((s) => s === 'done')) return 'done';
  if (statuses.includes('running')) return 'running';
  return statuses.every((s) => s === 'done' || s === 'failed') ? 'failed' : 'incomplete';
}

function chainCell(chain: SummaryChain | undefined): SweepChainCell | null {
  return chain ? { method: chain.method, validation: stats(chain.validation), test: stats(chain.test) } : null;
}

function stats(s: Stats): Stats {
  return { mean: s.mean, std: s.std };
}

/**
 * The run's best simple model: the summary's own `best` when it has one, else the reported chain
 * whose target is most accurate on validation (a 1-hop or multihop chain only counts when it beats
 * scratch there, which the chain list already reflects).
 */
function bestModel(summary: RunSummary): SweepBest | null {
  const own = (summary as { best?: unknown }).best;
  if (isBest(own)) return own;
  const chosen = [...summary.chains].sort((a, b) => b.validation.mean - a.validation.mean)[0];
  if (!chosen || chosen.links.length === 0) return null;
  const target = chosen.links[chosen.links.length - 1];
  return { archLabel: target.archLabel, kind: chosen.kind, method: chosen.method, validation: stats(chosen.validation), test: stats(chosen.test) };
}

function isBest(value: unknown): value is SweepBest {
  const v = value as Partial<SweepBest> | null | undefined;
  return typeof v?.archLabel === 'string' && typeof v.kind === 'string' && typeof v.validation?.mean === 'number' && typeof v.test?.mean === 'number';
}

/** Reads a sweep's runs and builds its cross-run table. */
export function collectSweepReport(store: ResultsStore, sweepId: string): SweepReport {
  const sweep = requireSweep(store, sweepId);
  const { gridKeys, fixed } = specParts(sweep);
  const rows = store.sweepRuns(sweep.id).map((combination): SweepReportRow => {
    const status = combinationStatus(store, combination);
    const values = Object.fromEntries(gridKeys.map((key) => [key, combination.values[key]]));
    const base = { position: combination.position, runId: combination.runId, values, status };
    const run = store.getRun(combination.runId);
    if (!run) return { ...base, error: combination.error, seeds: 0, best: null, scratch: null, oneHop: null, multihop: null };
    const summary = summariseRun(store, run.id);
    const kind = (k: SummaryChain['kind']) => chainCell(summary.chains.find((c) => c.kind === k));
    return {
      ...base,
      // An error of an earlier attempt no longer applies once the run is done.
      error: status === 'done' ? null : (combination.error ?? run.error),
      seeds: run.seeds.length,
      best: bestModel(summary),
      scratch: kind('scratch'),
      oneHop: kind('one-hop'),
      multihop: kind('multihop'),
    };
  });
  const statuses = rows.map((r) => r.status);
  return {
    sweep: {
      id: sweep.id,
      name: sweep.name,
      createdAt: sweep.createdAt,
      status: sweepStatus(statuses),
      done: statuses.filter((s) => s === 'done').length,
      failed: statuses.filter((s) => s === 'failed').length,
      total: rows.length,
    },
    gridKeys,
    fixed,
    rows,
  };
}

function specParts(sweep: SweepRecord): { gridKeys: string[]; fixed: Record<string, unknown> } {
  const spec = sweep.spec as { grid?: Record<string, unknown>; fixed?: Record<string, unknown> };
  return { gridKeys: Object.keys(spec.grid ?? {}), fixed: spec.fixed ?? {} };
}

function percent(x: number): string {
  return Number.isFinite(x) ? (100 * x).toFixed(2) : '–';
}

function pm(s: Stats | undefined, seeds: number): string {
  if (!s) return '–';
  return seeds > 1 && Number.isFinite(s.std) ? `${percent(s.mean)} ± ${percent(s.std)}` : percent(s.mean);
}

const HEAD_AFTER_GRID = ['status', 'best simple model', 'best val %', 'best test %', 'scratch val %', 'scratch test %', '1-hop val %', '1-hop test %', 'multihop val %', 'multihop test %'];

/** The table's cells, as text: run, grid values, status, best model and the three chain kinds. */
function tableCells(report: SweepReport): { head: string[]; rows: string[][]; numeric: Set<number> } {
  const head = ['#', 'run', ...report.gridKeys, ...HEAD_AFTER_GRID];
  const rows = report.rows.map((row) => {
    const best = row.best ? `${row.best.archLabel} (${row.best.kind === 'scratch' ? 'scratch' : `${row.best.kind} ${row.best.method}`})` : '–';
    return [
      String(row.position + 1),
      row.runId,
      ...report.gridKeys.map((key) => valueText(row.values[key])),
      row.error !== null && row.status !== 'done' ? `${row.status}: ${row.error}` : row.status,
      best,
      pm(row.best?.validation, row.seeds),
      pm(row.best?.test, row.seeds),
      ...[row.scratch, row.oneHop, row.multihop].flatMap((cell) => [pm(cell?.validation, row.seeds), pm(cell?.test, row.seeds)]),
    ];
  });
  const firstNumeric = head.length - 8;
  return { head, rows, numeric: new Set(head.map((_, i) => i).filter((i) => i === 0 || i >= firstNumeric)) };
}

function subtitle(report: SweepReport): string {
  const { sweep } = report;
  const fixed = Object.keys(report.fixed).length > 0 ? ` · fixed: ${combinationLabel(report.fixed)}` : '';
  return `${sweep.status} · ${sweep.done}/${sweep.total} runs done${sweep.failed ? `, ${sweep.failed} failed` : ''} · created ${sweep.createdAt}${fixed}`;
}

/** The cross-run table as Markdown. */
export function renderSweepMarkdown(report: SweepReport): string {
  const { head, rows, numeric } = tableCells(report);
  return [
    `# multihop sweep ${report.sweep.name} (${report.sweep.id})`,
    '',
    subtitle(report),
    '',
    markdownTable(head, rows, numeric),
    '',
    'Accuracies in %, mean ± sd over seeds; the best simple model is the target most accurate on validation.',
    '',
  ].join('\n');
}

/** The cross-run table as one self-contained HTML file. */
export function renderSweepHtml(report: SweepReport): string {
  const { head, rows, numeric } = tableCells(report);
  const cell = (tag: string, text: string, i: number) => `<${tag}${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  const title = `multihop sweep ${report.sweep.name} (${report.sweep.id})`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 2em auto; max-width: 1400px; padding: 0 1em; }
.sub, .note { color: #666; } table { border-collapse: collapse; font-size: 13px; }
td, th { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; } th { background: #f6f6f6; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(subtitle(report))}</p>
<table>
<tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr>
${rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('\n')}
</table>
<p class="note">Accuracies in %, mean ± sd over seeds; the best simple model is the target most accurate on validation.</p>
</body></html>
`;
}

/** Output formats of `multihop report --sweep`. */
export const SWEEP_REPORT_FORMATS = ['html', 'md', 'json'] as const;

/** Reads a sweep and renders its cross-run table in `format`. */
export function renderSweepReport(store: ResultsStore, sweepId: string, format: string): string {
  if (!(SWEEP_REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(`--format must be ${SWEEP_REPORT_FORMATS.join(', ')} with --sweep, got '${format}'`);
  }
  const report = collectSweepReport(store, sweepId);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'md' ? renderSweepMarkdown(report) : renderSweepHtml(report);
}

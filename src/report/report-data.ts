import { MultihopError, type EpochRecord, type MethodParams } from '../core/index.js';
import { meanStd } from '../core/index.js';
import type { ChainRecord, NodeRecord, ResultsStore, RunRecord } from '../store/index.js';
import { storedComplexity } from '../models/index.js';
import type { ModelSize } from './report-format.js';
import { paretoFront } from './report-pareto.js';
import { nodeSize, summariseRun, type RunSummary } from './run-summary.js';

/** Mean and sample standard deviation over seeds. */
export interface SeedStats {
  mean: number;
  std: number;
}

/** One model of the selected chain, with what a report draws of it. */
export interface ReportLink extends ModelSize {
  archLabel: string;
  /** How this model was trained from the previous one ('root' for the complex model). */
  method: string;
  methodParams: MethodParams;
  nodeKeys: string[];
  validation: SeedStats;
  test: SeedStats;
  /** Per-epoch history of the first seed's node (empty when it was not stored). */
  history: EpochRecord[];
}

/**
 * A node row of the report, with its place on the accuracy-vs-complexity plane; its `complexity`
 * carries leaves and depth for tree families.
 */
export interface ReportNode extends NodeRecord {
  onParetoFront: boolean;
}

/** Everything a report shows about one run, read once from the store. */
export interface ReportData {
  summary: RunSummary;
  run: RunRecord;
  /** Run settings as label/value pairs, in display order. */
  settings: Array<[string, string]>;
  /** Every node of the run, in the order they started. */
  nodes: ReportNode[];
  /** Keys on the Pareto front (params vs validation accuracy), smallest model first. */
  paretoKeys: string[];
  /** The selected (multihop) chain, root first; empty when the run has none yet. */
  chain: ReportLink[];
}

interface StoredLink {
  archLabel: string;
  params: number;
  method: string;
  methodParams?: MethodParams;
  nodeKeys: string[];
}

function statsOf(values: number[]): SeedStats {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? { mean: Number.NaN, std: Number.NaN } : meanStd(finite);
}

function chainLinks(chain: ChainRecord | undefined, byKey: Map<string, NodeRecord>): ReportLink[] {
  const links = (chain?.details as { links?: StoredLink[] } | undefined)?.links ?? [];
  return links.map((link) => {
    const nodes = link.nodeKeys.map((key) => byKey.get(key)).filter((n): n is NodeRecord => n !== undefined);
    const first = byKey.get(link.nodeKeys[0]);
    return {
      archLabel: link.archLabel,
      ...(first ? nodeSize(first) : {}),
      params: link.params,
      method: link.method,
      methodParams: link.methodParams ?? {},
      nodeKeys: link.nodeKeys,
      validation: statsOf(nodes.map((n) => n.validation?.accuracy ?? Number.NaN)),
      test: statsOf(nodes.map((n) => n.test?.accuracy ?? Number.NaN)),
      history: byKey.get(link.nodeKeys[0])?.history ?? [],
    };
  });
}

const json = (value: unknown): string => JSON.stringify(value);

function runSettings(run: RunRecord): Array<[string, string]> {
  const config = run.config as {
    space?: { name?: string; source?: string; training?: unknown; root?: { training?: unknown }; minGain?: number; standardErrors?: number; maxDepth?: number };
    beamWidth?: number;
    maxAttempts?: number;
    probeEpochs?: number;
  };
  const space = config.space ?? {};
  const rows: Array<[string, string | undefined]> = [
    ['run', run.id],
    ['status', run.status + (run.error ? ` (${run.error})` : '')],
    ['command', `multihop ${run.command.join(' ')}`],
    ['created', run.createdAt],
    ['updated', run.updatedAt],
    ['dataset', `${run.dataset.name} (sha256 ${run.dataset.hash.slice(0, 12)}…)`],
    ['split', json(run.split)],
    ['search space', space.source ? `${space.name} (${space.source})` : space.name],
    ['strategy', run.strategy + (config.beamWidth ? ` (width ${config.beamWidth})` : '')],
    ['methods', ['scratch', ...run.methods].join(', ')],
    ['seeds', run.seeds.join(', ')],
    ['training', space.training === undefined ? undefined : json(space.training)],
    ['root training', space.root?.training === undefined ? undefined : json(space.root.training)],
    ['minGain / maxDepth', space.minGain === undefined ? undefined : `${space.minGain} / ${space.maxDepth ?? '–'}`],
    ['noise rule', space.minGain === undefined ? undefined : `a longer chain must gain more than minGain and ${space.standardErrors ?? 0} standard error(s) of its per-seed gain`],
    ['backend / workers', `${run.backend} / ${run.workers}`],
    ['max attempts / probe epochs', config.maxAttempts === undefined ? undefined : `${config.maxAttempts} / ${config.probeEpochs ?? '–'}`],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined);
}

/** Reads one run's summary, nodes, Pareto front and selected chain from the store. */
export function collectReportData(store: ResultsStore, runId: string): ReportData {
  const run = store.getRun(runId);
  if (!run) throw new MultihopError(`no run '${runId}' in ${store.path}; list them with 'multihop runs'`);
  const summary = summariseRun(store, runId);
  const records = store.listNodes(runId);
  const byKey = new Map(records.map((n) => [n.key, n]));
  const paretoKeys = paretoFront(
    records
      .filter((n) => n.status === 'done' && n.validation !== null)
      .map((n) => ({ key: n.key, params: n.complexity.params, accuracy: n.validation?.accuracy ?? Number.NaN })),
  );
  const onFront = new Set(paretoKeys);
  return {
    summary,
    run,
    settings: runSettings(run),
    nodes: records.map((n) => ({ ...n, complexity: storedComplexity(n.arch, n.complexity), onParetoFront: onFront.has(n.key) })),
    paretoKeys,
    chain: chainLinks(
      store.getChains(runId).find((c) => c.kind === 'multihop'),
      byKey,
    ),
  };
}

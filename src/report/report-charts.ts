/**
 * The report's charts as Vega-Lite specs built from data, compiled to Vega and rendered to SVG in
 * Node (no browser, no canvas). Each chart's main mark layer is named, so the SVG carries a
 * stable class (`mark-symbol role-mark nodes_marks`, …) that tests and readers can find.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ReportData } from './report-data.js';

/** Names of the mark layers the charts draw; each appears as a CSS class in the SVG. */
export const CHART_MARKS = {
  /** One symbol per trained node in the accuracy-vs-complexity chart. */
  nodes: 'nodes',
  /** The line through the Pareto-optimal nodes. */
  front: 'front',
  /** One bar per (chain kind, split) in the scratch vs 1-hop vs multihop chart. */
  chainBars: 'chainbars',
  /** One ± sd rule per bar. */
  chainErrors: 'chainerrors',
  /** The mean above each bar. */
  chainLabels: 'chainlabels',
  /** One line per hop of the selected chain in each training-curve panel. */
  curves: 'curves',
} as const;

const WIDTH = 520;
const HEIGHT = 300;
const config = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
};

/** Accuracy vs parameters (log x) of every trained node; Pareto front ringed and joined. */
export function complexitySpec(data: ReportData): TopLevelSpec {
  const values = data.nodes
    .filter((n) => n.status === 'done' && n.validation !== null)
    .map((n) => ({
      key: n.key,
      arch: n.archLabel,
      role: n.role,
      method: n.method,
      seed: n.seed,
      params: n.complexity.params,
      validation: n.validation?.accuracy ?? null,
      test: n.test?.accuracy ?? null,
      front: n.onParetoFront ? 'Pareto front' : 'dominated',
    }));
  const x = { field: 'params', type: 'quantitative', scale: { type: 'log', nice: false, padding: 16 }, title: 'params: weights, or nodes for trees (log scale)' } as const;
  const y = { field: 'validation', type: 'quantitative', scale: { zero: false }, title: 'validation accuracy' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Accuracy vs complexity of every trained node',
    width: WIDTH,
    height: HEIGHT,
    config,
    data: { values },
    layer: [
      {
        name: CHART_MARKS.front,
        transform: [{ filter: "datum.front === 'Pareto front'" }],
        mark: { type: 'line', color: '#999', strokeDash: [4, 3], interpolate: 'step-after' },
        encoding: { x, y, order: { field: 'params', type: 'quantitative' } },
      },
      {
        name: CHART_MARKS.nodes,
        mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: { field: 'role', type: 'nominal', title: 'role' },
          shape: { field: 'front', type: 'nominal', title: '', scale: { domain: ['Pareto front', 'dominated'], range: ['diamond', 'circle'] } },
          tooltip: [
            { field: 'arch' },
            { field: 'method' },
            { field: 'params', format: ',' },
            { field: 'validation', format: '.4f' },
            { field: 'test', format: '.4f' },
            { field: 'key' },
          ],
        },
      },
    ],
  };
}

/** Scratch vs 1-hop vs multihop: mean accuracy of the target over seeds, ± one sd, per split. */
export function chainsSpec(data: ReportData): TopLevelSpec {
  const values = data.summary.chains.flatMap((chain) =>
    (['validation', 'test'] as const).map((split) => ({
      chain: chain.kind,
      split,
      mean: chain[split].mean,
      low: chain[split].mean - chain[split].std,
      high: chain[split].mean + chain[split].std,
      seeds: chain[split].perSeed.length,
    })),
  );
  // Differences of a point or two matter here: the axis starts just below the lowest bar, not at 0.
  const lows = values.map((v) => v.low).filter(Number.isFinite);
  const highs = values.map((v) => v.high).filter(Number.isFinite);
  const floor = lows.length ? Math.max(0, Math.floor((Math.min(...lows) - 0.02) * 20) / 20) : 0;
  const ceiling = highs.length ? Math.min(1, Math.ceil((Math.max(...highs) + 0.01) * 20) / 20) : 1;
  const x = { field: 'chain', type: 'nominal', title: null, sort: ['scratch', 'one-hop', 'multihop'], axis: { labelAngle: 0 } } as const;
  const xOffset = { field: 'split', type: 'nominal', sort: ['validation', 'test'] } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Target model: scratch vs 1-hop vs multihop (mean ± sd over seeds)',
    width: WIDTH,
    height: HEIGHT - 80,
    config,
    data: { values },
    layer: [
      {
        name: CHART_MARKS.chainBars,
        mark: { type: 'bar', clip: true },
        encoding: {
          x,
          xOffset,
          y: { field: 'mean', type: 'quantitative', title: 'accuracy', scale: { domain: [floor, ceiling], zero: false } },
          color: { field: 'split', type: 'nominal', title: 'split', sort: ['validation', 'test'] },
          tooltip: [{ field: 'chain' }, { field: 'split' }, { field: 'mean', format: '.4f' }, { field: 'seeds' }],
        },
      },
      {
        name: CHART_MARKS.chainErrors,
        mark: { type: 'rule', color: 'black', strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      {
        name: CHART_MARKS.chainLabels,
        mark: { type: 'text', dy: -6, fontSize: 11, baseline: 'bottom' },
        encoding: { x, xOffset, y: { field: 'high', type: 'quantitative' }, text: { field: 'mean', type: 'quantitative', format: '.1%' } },
      },
    ],
  };
}

/** Validation loss and accuracy by epoch of every hop of the selected chain (first seed). */
export function curvesSpec(data: ReportData): TopLevelSpec {
  const values = data.chain.flatMap((link, i) =>
    link.history.map((h) => ({
      hop: `${i}. ${link.archLabel} (${link.method})`,
      epoch: h.epoch,
      valLoss: h.valLoss,
      valAccuracy: h.valAccuracy,
    })),
  );
  const panel = (field: 'valLoss' | 'valAccuracy', title: string) => ({
    name: `${CHART_MARKS.curves}_${field}`,
    width: WIDTH / 2 - 20,
    height: HEIGHT - 60,
    mark: { type: 'line', point: true } as const,
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { tickMinStep: 1 } },
      y: { field, type: 'quantitative', title, scale: { zero: false } },
      color: { field: 'hop', type: 'nominal', title: 'hop of the chain' },
      tooltip: [{ field: 'hop' }, { field: 'epoch' }, { field, format: '.4f' }],
    },
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Training curves of the chain (validation, first seed)',
    config,
    data: { values },
    hconcat: [panel('valLoss', 'validation loss'), panel('valAccuracy', 'validation accuracy')],
  } as TopLevelSpec;
}

/** Compiles a Vega-Lite spec and renders it to an SVG string, headless. */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  // Loaded on first use: every CLI command imports this folder, few of them draw charts.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

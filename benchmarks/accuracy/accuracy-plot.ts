/**
 * The analysis plot: multihop − 1-hop (top row) and multihop − no intermediate (bottom row) against
 * the complex/simple parameter ratio and the complex − scratch accuracy gap, one point per
 * dataset × method, drawn with Vega-Lite and rendered to SVG by Vega's headless view.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchRow } from './accuracy-report.js';

/** The Vega-Lite spec of the gain plot (exported so tests can check what is plotted). */
export function gainPlotSpec(rows: BenchRow[]): TopLevelSpec {
  const values = rows
    .filter((r) => Number.isFinite(r.gain.meanDifference))
    .map((r) => ({
      dataset: r.dataset,
      method: r.method,
      paramRatio: r.paramRatio,
      accuracyGap: r.accuracyGap === null ? null : 100 * r.accuracyGap,
      gain: 100 * r.gain.meanDifference,
      p: r.gain.pValue,
      gainOverNoIntermediate: 100 * r.gainOverNoIntermediate.meanDifference,
    }));
  const points = (x: Record<string, unknown>, y: { field: string; title: string }) => ({
    width: 320,
    height: 260,
    layer: [
      { mark: { type: 'rule', color: '#888', strokeDash: [4, 4] }, encoding: { y: { datum: 0 } } },
      {
        mark: { type: 'point', filled: true, size: 90 },
        encoding: {
          x,
          y: { ...y, type: 'quantitative' },
          color: { field: 'method', type: 'nominal', title: 'method' },
          shape: { field: 'dataset', type: 'nominal', title: 'dataset' },
          tooltip: [{ field: 'dataset' }, { field: 'method' }, { field: y.field, format: '.2f' }],
        },
      },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'When does multihop help? (one point per dataset × method, mean over seeds)',
    data: { values },
    vconcat: [
      { field: 'gain', title: 'multihop − 1-hop (pts)' },
      { field: 'gainOverNoIntermediate', title: 'multihop − no intermediate (pts)' },
    ].map((y) => ({
      hconcat: [
        points({ field: 'paramRatio', type: 'quantitative', scale: { type: 'log' }, title: 'complex / simple parameters (log)' }, y),
        points({ field: 'accuracyGap', type: 'quantitative', title: 'complex − scratch test accuracy (pts)' }, y),
      ],
    })),
  } as TopLevelSpec;
}

/** Renders the gain plot to an SVG string. */
export async function renderGainPlot(rows: BenchRow[]): Promise<string> {
  const { spec } = compile(gainPlotSpec(rows));
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * One self-contained HTML report of a run: inline CSS, charts as inline SVG rendered in Node, no
 * scripts, no external resources, so it opens offline and can be mailed as one file.
 */
import type { RunSummary } from './run-summary.js';
import { chainsSpec, complexitySpec, curvesSpec, renderChartSvg } from './report-charts.js';
import type { ReportData, ReportLink, ReportNode } from './report-data.js';
import { CROSS_FAMILY_SIZE_NOTE, hasTreeSize, methodParamsLabel, percent, percentPm, signedPoints, sizeLabel } from './report-format.js';
import { PARETO_HEAD, bestSimpleLine, budgetLine, paretoRows } from './report-format.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
/** Suspect results (diverged, at chance) first, so nobody reads them as findings. */
function warningsHtml(warnings: RunSummary['warnings']): string {
  if (warnings.length === 0) return '';
  const items = warnings.map((w) => `<li><b>${escapeHtml(w.archLabel)}</b> (${escapeHtml(w.method)}, node ${escapeHtml(w.key)}): ${escapeHtml(w.warning)}</li>`);
  return `<h2 id="warnings">Warnings</h2>\n<ul class="warnings">${items.join('')}</ul>\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STYLE = `
body { font: 14px/1.45 Helvetica, Arial, sans-serif; color: #222; margin: 2em auto; max-width: 1180px; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: .2em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
.sub { color: #666; margin-top: 0; }
table { border-collapse: collapse; font-size: 13px; } td, th { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; }
th { background: #f6f6f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.front td:first-child { font-weight: bold; }
.settings td:first-child { color: #555; white-space: nowrap; } .settings td { font-family: ui-monospace, monospace; font-size: 12px; }
.chain { display: flex; align-items: center; flex-wrap: wrap; gap: 0; margin: 1em 0; }
.model { border: 2px solid #4c78a8; border-radius: 8px; padding: .6em .8em; min-width: 150px; background: #f4f8fc; }
.model.root { border-color: #e45756; background: #fdf3f3; } .model.target { border-color: #54a24b; background: #f3faf2; }
.model .arch { font-weight: bold; font-family: ui-monospace, monospace; } .model .stat { font-size: 12px; color: #444; }
.hop { display: flex; flex-direction: column; align-items: center; padding: 0 .6em; color: #555; font-size: 12px; }
.hop .arrow { font-size: 26px; line-height: 1; color: #888; } .hop .method { font-weight: bold; color: #222; }
.chart { margin: 1em 0; } .chart svg { max-width: 100%; height: auto; }
.gain, .best { font-size: 1.05em; } .best { font-weight: bold; } .note { color: #666; font-size: 12px; }
`;

function chainDiagram(chain: ReportLink[], seeds: number): string {
  if (chain.length === 0) return '<p>No chain was selected (the run is unfinished or every target failed).</p>';
  const parts: string[] = [];
  chain.forEach((link, i) => {
    if (i > 0) {
      const params = methodParamsLabel(link.methodParams);
      parts.push(
        `<div class="hop"><span class="method">${escapeHtml(link.method)}</span><span class="arrow">→</span>` +
          `${params ? `<span>${escapeHtml(params)}</span>` : ''}</div>`,
      );
    }
    const role = i === 0 && link.method === 'root' ? 'root' : i === chain.length - 1 ? 'target' : 'intermediate';
    // A chain may start below the complex model, e.g. an intermediate trained from scratch.
    const origin = i === 0 && link.method !== 'root' ? ` · trained by ${escapeHtml(link.method)}` : '';
    parts.push(
      `<div class="model ${role}" data-role="${role}"><div class="arch">${escapeHtml(link.archLabel)}</div>` +
        `<div class="stat">${sizeLabel(link)} · ${role}${origin}</div>` +
        `<div class="stat">val ${percentPm(link.validation, seeds)}%</div>` +
        `<div class="stat">test ${percentPm(link.test, seeds)}%</div></div>`,
    );
  });
  return `<div class="chain">${parts.join('')}</div>`;
}

function table(head: string[], rows: string[][], numeric: Set<number>, rowClass: (i: number) => string = () => ''): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row, i) => {
      const cls = rowClass(i);
      const cells = row.map((cell, c) => `<td${numeric.has(c) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('');
      return `<tr${cls ? ` class="${cls}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function chainsTable(data: ReportData): string {
  const seeds = data.run.seeds.length;
  const rows = data.summary.chains.map((chain) => [
    chain.kind,
    chain.links.map((l) => `${l.archLabel} (${sizeLabel(l, false)})`).join(' → '),
    chain.method || 'scratch',
    percentPm(chain.validation, seeds),
    percentPm(chain.test, seeds),
  ]);
  return table(['chain', 'models (complex → simple)', 'methods', 'val acc %', 'test acc %'], rows, new Set([3, 4]));
}

/** The columns of the node table, shared by the HTML and Markdown reports. */
export const NODE_TABLE_HEAD = [
  'key', 'role', 'arch', 'params', 'method', 'method params', 'parent', 'seed', 'status', 'epochs', 'train %', 'val %', 'test %', 'seconds', 'Pareto',
];

/** One node as a row of {@link NODE_TABLE_HEAD}. */
export function nodeTableRow(node: ReportNode): string[] {
  return [
    node.key,
    node.role,
    node.archLabel,
    sizeLabel(node.complexity, false),
    node.method,
    methodParamsLabel(node.params),
    node.parentKey ?? '–',
    String(node.seed),
    node.status + (node.error ? `: ${node.error}` : ''),
    node.epochs === null ? '–' : String(node.epochs),
    percent(node.train?.accuracy),
    percent(node.validation?.accuracy),
    percent(node.test?.accuracy),
    node.wallMs === null ? '–' : (node.wallMs / 1000).toFixed(1),
    node.onParetoFront ? 'yes' : '',
  ];
}

/** Renders the whole report; charts are rendered to SVG here (async: Vega's renderer is). */
export async function renderReportHtml(data: ReportData): Promise<string> {
  const { summary, run } = data;
  const seeds = run.seeds.length;
  const [complexitySvg, chainsSvg, curvesSvg] = await Promise.all([
    renderChartSvg(complexitySpec(data)),
    renderChartSvg(chainsSpec(data)),
    renderChartSvg(curvesSpec(data)),
  ]);
  const root = summary.root
    ? `Complex model ${escapeHtml(summary.root.archLabel)}: ${sizeLabel(summary.root)}, validation ${percent(summary.root.validation)}%, test ${percent(summary.root.test)}%.`
    : 'The complex model has not finished training.';
  const settings = data.settings.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('\n');
  const nodeRows = data.nodes.map(nodeTableRow);
  const sizeNote = hasTreeSize(data.nodes.map((n) => n.complexity)) ? ` Sizes: ${escapeHtml(CROSS_FAMILY_SIZE_NOTE)}` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>multihop report · run ${escapeHtml(run.id)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>multihop run ${escapeHtml(run.id)}</h1>
<p class="sub">${escapeHtml(run.dataset.name)} · ${escapeHtml(run.strategy)} · ${escapeHtml(run.status)} · ${summary.nodes.done} nodes done, ${summary.nodes.failed} failed</p>

<h2 id="best">Best simple model</h2>
<p class="best">${escapeHtml(bestSimpleLine(summary.best, seeds).replace(/^best simple model: /, ''))}</p>
<p>${escapeHtml(budgetLine(summary.budget))}</p>
${summary.pareto.length > 0 ? `<p>Pareto front of the targets (validation accuracy against params; no smaller target is as accurate):</p>\n${table(PARETO_HEAD, paretoRows(summary.pareto, seeds), new Set([2, 4, 5, 6]))}` : ''}

${warningsHtml(summary.warnings)}<h2 id="chain">Selected chain</h2>
${chainDiagram(data.chain, seeds)}
<p>${root}</p>
<p class="gain">multihop − 1-hop: <b>${signedPoints(summary.gain.overOneHop)}</b> test · multihop − scratch: <b>${signedPoints(summary.gain.overScratch)}</b> test</p>
${chainsTable(data)}

<h2 id="chains">Scratch vs 1-hop vs multihop</h2>
<div class="chart" id="chart-chains">${chainsSvg}</div>

<h2 id="complexity">Accuracy vs complexity</h2>
<div class="chart" id="chart-complexity">${complexitySvg}</div>
<p class="note">Every trained node; diamonds are Pareto-optimal (no smaller node is as accurate on validation).${sizeNote}</p>

<h2 id="curves">Training curves</h2>
<div class="chart" id="chart-curves">${curvesSvg}</div>

<h2 id="nodes">Every node</h2>
${table(NODE_TABLE_HEAD, nodeRows, new Set([3, 7, 9, 10, 11, 12, 13]), (i) => (data.nodes[i].onParetoFront ? 'front' : ''))}

<h2 id="settings">Settings</h2>
<table class="settings"><tbody>
${settings}
</tbody></table>
<p class="note">Generated by multihop from the results store; validation accuracy chose the chain, test accuracy is reported only.</p>
</body>
</html>
`;
}

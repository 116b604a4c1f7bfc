/**
 * Reports on runs: summaries for the terminal and JSON, a self-contained HTML report with charts
 * (Vega-Lite rendered to SVG in Node), a Markdown report, and two runs side by side.
 */
export { summariseRun } from './run-summary.js';
export { ownerGone, statusLabel } from './run-status.js';
export type { RunSummary, SummaryChain, SummaryLink } from './run-summary.js';
export { bestSimpleModel, targetParetoFront } from './best-simple.js';
export type { BestSimple, ParetoPoint } from './best-simple.js';
export { renderSummaryText } from './text-summary.js';
export { collectReportData } from './report-data.js';
export type { ReportData, ReportLink, ReportNode, SeedStats } from './report-data.js';
export { paretoFront } from './report-pareto.js';
export type { ComplexityPoint } from './report-pareto.js';
export { CHART_MARKS, chainsSpec, complexitySpec, curvesSpec, renderChartSvg } from './report-charts.js';
export { escapeHtml, renderReportHtml } from './report-html.js';
export { markdownTable, renderReportMarkdown } from './report-markdown.js';
export { compareRuns, renderComparisonText } from './run-compare.js';
export type { ComparisonRow, RunComparison } from './run-compare.js';
export { renderReport } from './report-render.js';
export type { ReportFormat } from './report-render.js';

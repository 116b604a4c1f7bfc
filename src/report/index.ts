/** Reports on runs: summaries for the terminal and JSON. */
export { summariseRun } from './run-summary.js';
export type { RunSummary, SummaryChain, SummaryLink } from './run-summary.js';
export { renderSummaryText } from './text-summary.js';

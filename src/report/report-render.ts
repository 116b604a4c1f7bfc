import { ConfigError } from '../core/index.js';
import type { ResultsStore } from '../store/index.js';
import { collectReportData } from './report-data.js';
import { renderReportHtml } from './report-html.js';
import { renderReportMarkdown } from './report-markdown.js';

/** Output formats of `multihop report`. */
export type ReportFormat = 'html' | 'md';

/** Reads a run from the store and renders its report as one HTML document or Markdown text. */
export async function renderReport(store: ResultsStore, runId: string, format: string = 'html'): Promise<string> {
  if (format !== 'html' && format !== 'md') throw new ConfigError(`--format must be 'html' or 'md', got '${format}'`);
  const data = collectReportData(store, runId);
  return format === 'html' ? renderReportHtml(data) : renderReportMarkdown(data);
}

import type { ReportData } from './report-data.js';
import { CROSS_FAMILY_SIZE_NOTE, hasTreeSize, methodParamsLabel, percent, percentPm, signedPoints, sizeLabel } from './report-format.js';
import { PARETO_HEAD, bestSimpleLine, budgetLine, paretoRows } from './report-format.js';
import { NODE_TABLE_HEAD, nodeTableRow } from './report-html.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub-flavoured Markdown table; `right` marks right-aligned columns. */
export function markdownTable(head: string[], rows: string[][], right: Set<number> = new Set()): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${head.map((_, i) => (right.has(i) ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** The run as Markdown: settings, selected chain, scratch vs 1-hop vs multihop, every node. */
export function renderReportMarkdown(data: ReportData): string {
  const { summary, run } = data;
  const seeds = run.seeds.length;
  const out: string[] = [`# multihop run ${run.id}`, ''];
  out.push(`${run.dataset.name} · ${run.strategy} · ${run.status} · ${summary.nodes.done} nodes done, ${summary.nodes.failed} failed`, '');
  out.push('## Best simple model', '', `**${bestSimpleLine(summary.best, seeds).replace(/^best simple model: /, '')}**`, '', budgetLine(summary.budget), '');
  if (summary.pareto.length > 0) {
    out.push('Pareto front of the targets (validation accuracy against params; no smaller target is as accurate):', '');
    out.push(markdownTable(PARETO_HEAD, paretoRows(summary.pareto, seeds), new Set([2, 4, 5, 6])), '');
  }
  if (summary.warnings.length > 0) {
    out.push('## Warnings', '');
    for (const w of summary.warnings) out.push(`- **${w.archLabel}** (${w.method}, node ${w.key}): ${w.warning}`);
    out.push('');
  }
  out.push('## Selected chain', '');
  if (data.chain.length === 0) {
    out.push('No chain was selected (the run is unfinished or every target failed).');
  } else {
    out.push(
      markdownTable(
        ['#', 'model', 'params', 'trained by', 'method params', 'val acc %', 'test acc %'],
        data.chain.map((link, i) => [
          String(i),
          link.archLabel,
          sizeLabel(link, false),
          link.method,
          methodParamsLabel(link.methodParams),
          percentPm(link.validation, seeds),
          percentPm(link.test, seeds),
        ]),
        new Set([2, 5, 6]),
      ),
    );
  }
  out.push('', '## Scratch vs 1-hop vs multihop', '');
  out.push(
    markdownTable(
      ['chain', 'models (complex → simple)', 'methods', 'val acc %', 'test acc %'],
      summary.chains.map((chain) => [
        chain.kind,
        chain.links.map((l) => `${l.archLabel} (${sizeLabel(l, false)})`).join(' → '),
        chain.method || 'scratch',
        percentPm(chain.validation, seeds),
        percentPm(chain.test, seeds),
      ]),
      new Set([3, 4]),
    ),
  );
  out.push('', `multihop − 1-hop: **${signedPoints(summary.gain.overOneHop)}** test · multihop − scratch: **${signedPoints(summary.gain.overScratch)}** test`);
  if (summary.root) {
    out.push('', `Complex model ${summary.root.archLabel}: ${sizeLabel(summary.root)}, validation ${percent(summary.root.validation)}%, test ${percent(summary.root.test)}%.`);
  }
  if (hasTreeSize(data.nodes.map((n) => n.complexity))) out.push('', `Sizes: ${CROSS_FAMILY_SIZE_NOTE}`);
  out.push('', '## Every node', '', markdownTable(NODE_TABLE_HEAD, data.nodes.map(nodeTableRow), new Set([3, 7, 9, 10, 11, 12, 13])));
  out.push('', '## Settings', '', markdownTable(['setting', 'value'], data.settings.map(([k, v]) => [k, `\`${v}\``])), '');
  return out.join('\n');
}

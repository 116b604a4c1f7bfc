import Table from 'cli-table3';
import {
  CROSS_FAMILY_SIZE_NOTE,
  PARETO_HEAD,
  bestSimpleLine,
  budgetLine,
  hasTreeSize,
  paretoRows,
  percent as pct,
  signedPoints as signed,
  sizeLabel,
} from './report-format.js';
import type { RunSummary } from './run-summary.js';
import { statusLabel } from './run-status.js';

const pm = (s: { mean: number; std: number }): string => `${pct(s.mean)} ± ${pct(s.std)}`;

/** The run summary as terminal text: settings, the complex model, then scratch vs 1-hop vs multihop. */
export function renderSummaryText(summary: RunSummary): string {
  const { run } = summary;
  const lines: string[] = [];
  lines.push(
    `run ${run.id} · ${statusLabel(run)} · dataset ${run.dataset} · space ${run.space} · strategy ${run.strategy} · methods ${run.methods.join(',') || 'scratch'} · seeds ${run.seeds.length} · backend ${run.backend}`,
  );
  lines.push(
    `nodes: ${summary.nodes.done} done, ${summary.nodes.failed} failed, ${summary.nodes.pending + summary.nodes.running} unfinished`,
  );
  lines.push(bestSimpleLine(summary.best, run.seeds.length));
  if (summary.budget) lines.push(budgetLine(summary.budget));
  if (run.error) lines.push(`error: ${run.error}`);
  for (const w of summary.warnings) lines.push(`warning: node ${w.key} (${w.archLabel}, ${w.method}): ${w.warning}`);
  if (summary.root) {
    lines.push(
      `complex model: ${summary.root.archLabel} (${sizeLabel(summary.root)}) · validation ${pct(summary.root.validation)}% · test ${pct(summary.root.test)}%`,
    );
  }
  if (summary.chains.length === 0) {
    lines.push(run.status === 'done' ? 'no chain could be trained' : `no result yet: continue with 'multihop resume ${run.id}'`);
    return lines.join('\n');
  }
  const table = new Table({
    head: ['', 'chain (complex → simple)', 'methods', 'val acc % (mean ± sd)', 'test acc % (mean ± sd)'],
    style: { head: [], border: [] },
  });
  for (const chain of summary.chains) {
    table.push([
      chain.kind,
      chain.links.map((l) => `${l.archLabel} (${sizeLabel(l, false)})`).join(' → '),
      chain.method || 'scratch',
      pm(chain.validation),
      pm(chain.test),
    ]);
  }
  lines.push(table.toString());
  // A fixed target's front is its own rows again; with a budget it spans every target.
  if (summary.budget && summary.pareto.length > 0) {
    const front = new Table({ head: PARETO_HEAD, style: { head: [], border: [] } });
    for (const row of paretoRows(summary.pareto, run.seeds.length)) front.push(row);
    lines.push('Pareto front of the targets (validation accuracy against params; no smaller target is as accurate):', front.toString());
  }
  if (hasTreeSize(summary.chains.flatMap((c) => c.links))) lines.push(`sizes: ${CROSS_FAMILY_SIZE_NOTE}`);
  lines.push(`multihop − 1-hop: ${signed(summary.gain.overOneHop)} test · multihop − scratch: ${signed(summary.gain.overScratch)} test`);
  const multihop = summary.chains.find((c) => c.kind === 'multihop');
  if (multihop) {
    lines.push(`selected chain, model by model (mean over ${run.seeds.length} seed${run.seeds.length === 1 ? '' : 's'}):`);
    multihop.links.forEach((link, i) => {
      const how = link.method === 'root' ? 'complex model' : i === multihop.links.length - 1 ? `target, by ${link.method}` : `by ${link.method}`;
      lines.push(
        `  ${i + 1}. ${link.archLabel} · ${sizeLabel(link)} · ${how} · val ${pct(link.meanValidation)}% · test ${pct(link.meanTest)}%`,
      );
    });
  }
  if (multihop && multihop.links.filter((l) => l.method !== 'root').length <= 1) {
    lines.push('no intermediate model beat the best 1-hop result by more than the noise threshold (minGain, and the standard-error rule over seeds), so the selected chain has no intermediate.');
  }
  return lines.join('\n');
}

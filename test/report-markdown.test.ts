import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectReportData } from '../src/report/index.js';
import { openStore } from '../src/store/index.js';
import { scratchDir, sharedRun } from './fixtures/report/shared-run.js';
import { runCli } from './fixtures/run/cli.js';

/** The rows of the Markdown table under a `## heading`, header and rule excluded. */
function tableUnder(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `no section ${heading}`);
  const rows: string[][] = [];
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
    if (lines[i].startsWith('|')) rows.push(lines[i].slice(2, -2).split(' | '));
  }
  return rows.slice(2);
}

test('report --format md: a row per node, per chain and per chain model, with the stored accuracies', () => {
  const { db, runId } = sharedRun();
  const out = join(scratchDir('report-md'), 'report.md');
  const cli = runCli(['report', runId, '--db', db, '--format', 'md', '--out', out]);
  assert.equal(cli.status, 0, cli.stderr);
  const markdown = readFileSync(out, 'utf8');
  const store = openStore(db, { readonly: true });
  const data = collectReportData(store, runId);
  store.close();

  const nodes = tableUnder(markdown, 'Every node');
  assert.equal(nodes.length, data.nodes.length);
  for (const node of data.nodes) {
    const row = nodes.find((r) => r[0] === node.key);
    assert.ok(row, `node ${node.key}`);
    assert.equal(row[2], node.archLabel);
    assert.equal(row[12], node.test ? (100 * node.test.accuracy).toFixed(2) : '–');
    assert.equal(row[14], data.paretoKeys.includes(node.key) ? 'yes' : '');
  }
  const chains = tableUnder(markdown, 'Scratch vs 1-hop vs multihop');
  assert.deepEqual(chains.map((r) => r[0]), data.summary.chains.map((c) => c.kind));
  assert.equal(tableUnder(markdown, 'Selected chain').length, data.chain.length);
  assert.ok(tableUnder(markdown, 'Settings').some((r) => r[0] === 'search space' && r[1].startsWith('`report-wine')));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../src/report/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

test('the shipped tabular-trees space searches mixed chains from a gbt complex model down to a depth-3 tree', () => {
  const db = join(tempDir('tabular-trees'), 'runs.db');
  const searched = runCli(['search', '--dataset', 'breast-cancer', '--space', 'tabular-trees', '--seeds', '2', '--json', '--db', db]);
  assert.equal(searched.status, 0, searched.stderr);
  const summary = JSON.parse(searched.stdout) as RunSummary;
  assert.match(summary.root?.archLabel ?? '', /^gbt\[/);
  assert.deepEqual(summary.chains.map((c) => c.kind), ['scratch', 'one-hop', 'multihop']);
  for (const chain of summary.chains) {
    assert.match(chain.links.at(-1)!.archLabel, /^tree\[d3\]/, `${chain.kind} ends at the tree target`);
    if (chain.kind !== 'scratch') assert.match(chain.links[0].archLabel, /^gbt\[/, `${chain.kind} starts at the gbt complex model`);
  }
  assert.deepEqual(summary.warnings, [], 'trees fitted as designed are not flagged as diverged');
  // Every family in the space was trained as an intermediate.
  const nodes = runCli(['query', "SELECT DISTINCT substr(arch_label, 1, instr(arch_label || '[', '[') - 1) AS family FROM nodes WHERE role = 'intermediate' ORDER BY 1", '--db', db, '--json']);
  assert.deepEqual((JSON.parse(nodes.stdout) as Array<{ family: string }>).map((r) => r.family), ['forest', 'gbt', 'mlp', 'tree']);

  // The target is readable: if-then rules in the data's units, printed and written.
  const rulesFile = join(tempDir('tabular-trees-rules'), 'rules.txt');
  const rules = runCli(['export', summary.run.id, '--format', 'rules', '--db', db, '--out', rulesFile]);
  assert.equal(rules.status, 0, rules.stderr);
  assert.match(rules.stdout, /^tree\[d3\]: \d+ rules, one per leaf/);
  assert.match(rules.stdout, /\n1\. IF (mean|worst|\w+ error|\w+)[^\n]* (<=|>) [\d.]+.* THEN (benign|malignant) \(\d+\.\d %\)\n/);
  assert.equal(readFileSync(rulesFile, 'utf8'), rules.stdout);
  const rootKey = runCli(['query', "SELECT key FROM nodes WHERE role = 'root'", '--db', db, '--json']);
  const [{ key }] = JSON.parse(rootKey.stdout) as Array<{ key: string }>;
  const refused = runCli(['export', summary.run.id, '--format', 'rules', '--node', key, '--db', db]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /is gbt\[r100 d3\], which has no readable form/);
});


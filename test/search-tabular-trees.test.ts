import { test } from 'node:test';
import assert from 'node:assert/strict';
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
});

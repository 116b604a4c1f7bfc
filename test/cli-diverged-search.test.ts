import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_SEARCH_SPACES_DIR } from '../src/search/index.js';
import type { RunSummary } from '../src/report/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

/** The shipped tiny space with a learning rate of 1e9 for the hops, and for the complex model too when `root`. */
function divergingSpace(dir: string, root: boolean): string {
  const space = JSON.parse(readFileSync(join(SHIPPED_SEARCH_SPACES_DIR, 'tiny.json'), 'utf8'));
  space.training.learningRate = 1e9;
  if (!root) space.root.training.learningRate = 0.01;
  const path = join(dir, root ? 'all-diverge.json' : 'students-diverge.json');
  writeFileSync(path, JSON.stringify(space));
  return path;
}

test('a search whose training diverges says so: a complex model at chance is an error, diverged students are flagged', () => {
  const dir = tempDir('diverged');
  const failed = runCli(['search', '--space', divergingSpace(dir, true), '--db', join(dir, 'a.db'), '--json']);
  assert.equal(failed.status, 5, failed.stderr);
  const lines = failed.stderr.trim().split('\n');
  assert.match(lines.at(-1) ?? '', /^multihop: the complex model mlp\[64-32\] stayed at chance: validation \d+\.\d %, where always answering the most frequent class gives \d+\.\d %; check its training settings \(learning rate 1000000000, 8 epochs\)/);
  assert.doesNotMatch(failed.stderr, /\n\s+at /);

  const flagged = runCli(['search', '--space', divergingSpace(dir, false), '--db', join(dir, 'b.db'), '--json']);
  assert.equal(flagged.status, 0, flagged.stderr);
  const summary = JSON.parse(flagged.stdout) as RunSummary;
  assert.ok(summary.warnings.length >= 3, JSON.stringify(summary.warnings));
  assert.ok(summary.warnings.every((w) => /^training diverged|^at chance/.test(w.warning)));
  const shown = runCli(['show', summary.run.id, '--db', join(dir, 'b.db')]);
  assert.match(shown.stdout, /\nwarning: node [0-9a-f]+ \(mlp\[\d+\], (kd|scratch)\): training diverged/);
  const out = join(dir, 'report.md');
  const report = runCli(['report', summary.run.id, '--db', join(dir, 'b.db'), '--format', 'md', '--out', out]);
  assert.equal(report.status, 0, report.stderr);
  assert.match(readFileSync(out, 'utf8'), /## Warnings\n\n- \*\*mlp\[/);
});

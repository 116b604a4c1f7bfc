import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scratchDir, sharedRun } from './fixtures/report/shared-run.js';
import { runCli } from './fixtures/run/cli.js';

test('report, export, predict and compare fail in one line with the exit code of their error class', () => {
  const { db, runId } = sharedRun();
  const dir = scratchDir('report-errors');
  const cases: Array<{ args: string[]; status: number; message: RegExp }> = [
    { args: ['report', 'rnope', '--db', db], status: 1, message: /no run 'rnope'/ },
    { args: ['report', runId, '--db', db, '--format', 'pdf', '--out', join(dir, 'r.pdf')], status: 2, message: /--format must be 'html' or 'md', got 'pdf'/ },
    { args: ['export', runId, '--db', db, '--node', 'nonode', '--out', join(dir, 'm')], status: 2, message: /--node: run \w+ has no node 'nonode'/ },
    { args: ['compare', runId, 'rnope', '--db', db], status: 1, message: /no run 'rnope'/ },
    { args: ['predict', '--model', join(dir, 'absent'), '--data', 'x.csv'], status: 2, message: /multihop\.json: cannot read .*'multihop export'/ },
  ];
  for (const { args, status, message } of cases) {
    const cli = runCli(args);
    assert.equal(cli.status, status, `${args.join(' ')}: ${cli.stderr}`);
    assert.match(cli.stderr, message);
    assert.equal(cli.stderr.trim().split('\n').length, 1, cli.stderr);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from './fixtures/run/cli.js';
import { tinyIrisRun } from './fixtures/run/tiny-run.js';

function assertRefused(result: CliResult, pattern: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, pattern);
}

test('export --out refuses an existing file, with or without --force, and leaves it as it was', () => {
  const { dir, db, runId } = tinyIrisRun('export-out');
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'keep me\n');
  for (const force of [[], ['--force']]) {
    assertRefused(runCli(['export', runId, '--db', db, '--out', file, ...force]), /^multihop: --out .*notes\.txt is a file, not a folder; .*never replaced/);
    assert.equal(readFileSync(file, 'utf8'), 'keep me\n');
  }
});

test('export --out refuses a folder holding an earlier export unless --force; other files in a folder are kept', () => {
  const { dir, db, runId } = tinyIrisRun('export-out');
  const out = join(dir, 'model');
  mkdirSync(out);
  writeFileSync(join(out, 'README.txt'), 'mine\n');
  assert.equal(runCli(['export', runId, '--db', db, '--out', out]).status, 0, 'a folder without an export is fine');
  assert.deepEqual(readdirSync(out).sort(), ['README.txt', 'model.json', 'multihop.json', 'weights.bin']);

  const earlier = join(out, 'multihop.json');
  writeFileSync(earlier, '{"earlier": true}\n');
  assertRefused(
    runCli(['export', runId, '--db', db, '--out', out]),
    /^multihop: --out .*model already holds an export \(model\.json, multihop\.json, weights\.bin\); pass --force to overwrite it/,
  );
  assert.equal(readFileSync(earlier, 'utf8'), '{"earlier": true}\n', 'the earlier export is untouched');

  const forced = runCli(['export', runId, '--db', db, '--out', out, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(JSON.parse(readFileSync(earlier, 'utf8')).runId, runId, 'overwritten with --force');
  assert.equal(readFileSync(join(out, 'README.txt'), 'utf8'), 'mine\n');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSearchSpace, searchSpacePath } from '../src/search/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { tinyIrisRun } from './fixtures/run/tiny-run.js';

test('an unknown search-space name lists the shipped ones instead of an ENOENT on an internal path', () => {
  assert.throws(
    () => searchSpacePath('tinyy'),
    (e: Error) => e.name === 'ConfigError' && /^unknown search space 'tinyy'; known: .*\bdefault\b.*\btiny\b.*, or give a path to a \.json file$/.test(e.message),
  );
  assert.equal(loadSearchSpace(searchSpacePath('tiny')).name.length > 0, true);
  const cli = runCli(['search', '--space', 'nosuch', '--db', join(tempDir('space-name'), 'x.db')]);
  assert.equal(cli.status, 2, cli.stderr);
  assert.match(cli.stderr, /^multihop: unknown search space 'nosuch'; known: /);
  assert.doesNotMatch(cli.stderr, /ENOENT/);
});

test('report --out into a missing folder is refused in one line and creates nothing', () => {
  const { dir, db, runId } = tinyIrisRun('report-out');
  const out = join(dir, 'no-such-folder', 'sub', 'r.html');
  const result = runCli(['report', runId, '--db', db, '--out', out]);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^multihop: --out .*r\.html: the folder .*no-such-folder\/sub does not exist; create it first or fix the path/);
  assert.equal(existsSync(join(dir, 'no-such-folder')), false);
  assert.equal(runCli(['report', runId, '--db', db, '--out', join(dir, 'r.html')]).status, 0, 'an existing folder is fine');
});

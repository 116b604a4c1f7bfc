/**
 * Sweep files: grid keys are the search command's flags, values go through the CLI's parsers, and
 * every problem is one line naming the file, the JSON path and what was wrong. The cross product
 * is in a fixed order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../src/core/index.js';
import { SEARCH_FLAGS, sweepFlags } from '../src/cli/search-flags.js';
import { combinationArgv, combinationRequest, loadSweepFile, parseSweep } from '../src/sweep/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

const flags = sweepFlags();
const parse = (value: unknown) => parseSweep(value, 's.json', flags);
const refused = (value: unknown, message: string) =>
  assert.throws(
    () => parse(value),
    (error: unknown) => error instanceof ConfigError && error.message === message,
  );

test('the cross product: first grid key slowest, fixed values in every combination', () => {
  const sweep = parse({ name: 'g', grid: { dataset: ['iris', 'wine'], seeds: [1, '3'], methods: [['kd', 'sratio']] }, fixed: { space: 'tiny' } });
  assert.deepEqual(sweep.combinations, [
    { space: 'tiny', dataset: 'iris', seeds: 1, methods: ['kd', 'sratio'] },
    { space: 'tiny', dataset: 'iris', seeds: '3', methods: ['kd', 'sratio'] },
    { space: 'tiny', dataset: 'wine', seeds: 1, methods: ['kd', 'sratio'] },
    { space: 'tiny', dataset: 'wine', seeds: '3', methods: ['kd', 'sratio'] },
  ]);
  // Parsed as the CLI parses `--seeds 3 --methods kd,sratio`.
  assert.deepEqual(combinationRequest(sweep.combinations[1], flags, 's.json'), { space: 'tiny', dataset: 'iris', seeds: 3, methods: ['kd', 'sratio'] });
  assert.deepEqual(combinationArgv(sweep.combinations[1]), ['search', '--space', 'tiny', '--dataset', 'iris', '--seeds', '3', '--methods', 'kd,sratio']);
  const reordered = parse({ fixed: { space: 'tiny' }, grid: { methods: [['kd', 'sratio']], seeds: [1, '3'], dataset: ['iris', 'wine'] }, name: 'g' });
  assert.equal(reordered.specSha256, sweep.specSha256, 'the same grid written in another key order is the same sweep');
  assert.notEqual(parse({ name: 'g', grid: { dataset: ['wine', 'iris'] } }).specSha256, parse({ name: 'g', grid: { dataset: ['iris', 'wine'] } }).specSha256);
});

test('every search flag is a grid key, by its long name, with the CLI parser', () => {
  const names = SEARCH_FLAGS.map((flag) => flag.syntax.split(' ')[0].slice(2));
  assert.deepEqual(flags.map((flag) => flag.name), names);
  for (const name of ['dataset', 'space', 'strategy', 'methods', 'seeds', 'width', 'workers', 'root-share', 'split-seed', 'max-attempts', 'teacher', 'teacher-input']) {
    assert.ok(names.includes(name), name);
  }
  const request = combinationRequest({ 'root-share': 0.25, 'split-seed': 0, 'max-attempts': '3', width: 2 }, flags, 's.json');
  assert.deepEqual(request, { rootShare: 0.25, splitSeed: 0, maxAttempts: 3, beamWidth: 2 });
});

test('bad grid values: one line naming the file, the key, the index and the problem', () => {
  refused({ name: 'g', grid: { seeds: [1, -2] } }, "s.json: grid.seeds[1]: --seeds must be a positive integer, got '-2'");
  refused({ name: 'g', grid: { 'root-share': [0.1, 1.5] } }, "s.json: grid.root-share[1]: --root-share must be a number in [0, 1), got '1.5'");
  refused({ name: 'g', grid: { dataset: ['iris', 5] } }, 's.json: grid.dataset[1]: expected a string, got 5');
  refused({ name: 'g', grid: { seeds: [1, true] } }, 's.json: grid.seeds[1]: expected a string, a number or a list of them, got true');
  refused({ name: 'g', grid: { seeds: [2, 2] } }, 's.json: grid.seeds[1]: 2 is listed twice; each value once');
  refused({ name: 'g', grid: { seeds: [] } }, 's.json: grid.seeds: expected a non-empty list of values, got []');
  refused({ name: 'g', grid: { seeds: 3 } }, 's.json: grid.seeds: expected a non-empty list of values, got 3');
  refused({ name: 'g', grid: { seed: [1] } }, `s.json: grid.seed: 'seed' is not a search flag; use one of ${flags.map((f) => f.name).join(', ')}`);
  refused({ name: 'g', grid: { db: ['x.db'] } }, `s.json: grid.db: 'db' is not a search flag; use one of ${flags.map((f) => f.name).join(', ')}`);
  refused({ name: 'g', grid: { seeds: [1] }, fixed: { seeds: 2 } }, "s.json: fixed.seeds: 'seeds' is in the grid too; keep it in one of them");
  refused({ name: 'g', grid: { seeds: [1] }, fixed: { 'split-seed': -1 } }, "s.json: fixed.split-seed: --split-seed must be an integer >= 0, got '-1'");
  refused({ name: '', grid: { seeds: [1] } }, 's.json: name: expected a non-empty name on one line, got ""');
  refused({ name: 'g' }, 's.json: grid: expected an object of search flags, each with a list of values (e.g. { "seeds": [1, 3] }), got undefined');
  refused({ name: 'g', grid: { seeds: [1] }, runs: 3 }, "s.json: runs: unknown key 'runs'; a sweep file has name, grid, fixed");
  refused([1], 's.json: (top level): expected an object { "name": …, "grid": { … } }, got [1]');
});

test('a sweep file is JSON with comments allowed; a syntax error names its line and column', () => {
  const dir = tempDir('sweep-file');
  const good = join(dir, 'good.json');
  writeFileSync(good, '{\n  // two seeds\n  "name": "g",\n  "grid": { "seeds": [1, 2], },\n}\n');
  assert.equal(loadSweepFile(good, flags).combinations.length, 2);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{\n  "name": "g",\n  "grid": { "seeds": [1 2] }\n}\n');
  assert.throws(() => loadSweepFile(bad, flags), (error: unknown) => error instanceof ConfigError && error.message === `${bad}: line 3, column 25: invalid JSON (comma expected)`);
  assert.throws(() => loadSweepFile(join(dir, 'none.json'), flags), /none\.json: cannot read the sweep file/);
});

test('multihop sweep with a bad grid value: exit 2, one line, nothing written', () => {
  const dir = tempDir('sweep-bad-grid');
  const file = join(dir, 's.json');
  const db = join(dir, 'runs.db');
  writeFileSync(file, JSON.stringify({ name: 'g', grid: { seeds: [1, -2] } }));
  const result = runCli(['sweep', file, '--db', db]);
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stderr, `multihop: ${file}: grid.seeds[1]: --seeds must be a positive integer, got '-2'\n`);
  assert.equal(existsSync(db), false, 'no database is created for a sweep file that does not parse');

  // A combination whose settings are invalid beyond one flag (no such strategy) is refused before any run starts.
  writeFileSync(file, JSON.stringify({ name: 'g', grid: { strategy: ['greedy', 'nope'] }, fixed: { space: 'tiny', dataset: 'iris' } }));
  const invalid = runCli(['sweep', file, '--db', db]);
  assert.equal(invalid.status, 2, invalid.stderr);
  assert.match(invalid.stderr, /^multihop: .*s\.json: combination 2 \(space=tiny dataset=iris strategy=nope\): .*nope/);
  assert.equal(invalid.stderr.trim().split('\n').length, 1, invalid.stderr);
  assert.deepEqual(JSON.parse(runCli(['sweeps', '--db', db, '--json']).stdout), [], 'no sweep is recorded');
});

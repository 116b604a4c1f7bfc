import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

function emptyStore(): string {
  const path = join(tempDir('cli-errors'), 'x.db');
  openStore(path).close();
  return path;
}

/** One clear line on stderr, a non-zero exit code, and no stack trace. */
function assertOneLineError(result: ReturnType<typeof runCli>, pattern: RegExp): void {
  assert.notEqual(result.status, 0, `expected a non-zero exit, stderr: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /\n\s+at /, `stack trace leaked: ${result.stderr}`);
  // Commander's hints ("(Did you mean --workers?)", "(run multihop --help for usage)") may follow.
  const lines = result.stderr.trim().split('\n').filter((l) => !l.startsWith('(') && !l.startsWith('multihop: backend'));
  assert.equal(lines.length, 1, `expected one line, got: ${result.stderr}`);
  assert.match(lines[0], pattern);
}

test('a bad flag value names the flag', () => {
  assertOneLineError(runCli(['search', '--workers', 'two']), /--workers must be a positive integer, got 'two'/);
  assertOneLineError(runCli(['search', '--seeds', '0']), /--seeds must be a positive integer/);
  // A huge count would plan millions of hops synchronously, deaf to Ctrl-C: refused up front.
  assertOneLineError(runCli(['search', '--seeds', '1000000']), /--seeds must be at most 100, got '1000000'/);
  assertOneLineError(runCli(['search', '--root-share', '1.5']), /--root-share must be a number in \[0, 1\)/);
});

test('an unknown option or command is one line', () => {
  assertOneLineError(runCli(['search', '--wrokers', '2']), /unknown option '--wrokers'/);
  assertOneLineError(runCli(['serch']), /unknown command 'serch'/);
});

test('a stray argument, or no transfer method at all, is refused before anything runs', () => {
  assertOneLineError(runCli(['search', 'digits']), /too many arguments for 'search'/);
  assertOneLineError(runCli(['search', '--methods', 'scratch']), /--methods names no transfer method.*kd, profweight, sratio/);
});

test('a misspelt or out-of-range method parameter in a space file names the file, the grid entry and the key', () => {
  const dir = tempDir('cli-errors');
  const space = (methods: unknown) => {
    const path = join(dir, 'methods.json');
    writeFileSync(
      path,
      JSON.stringify({
        name: 'm',
        family: 'mlp',
        dataset: 'iris',
        root: { arch: { family: 'mlp', hidden: [16] } },
        target: { arch: { family: 'mlp', hidden: [] } },
        methods,
      }),
    );
    return path;
  };
  const db = join(dir, 'x.db');
  assertOneLineError(
    runCli(['search', '--space', space({ kd: [{ temperature: 4, alpha: 0.5 }, { temprature: 2 }] }), '--db', db]),
    /methods\.json: methods\.kd\[1\]: unknown parameter 'temprature'; known: alpha, temperature/,
  );
  assertOneLineError(
    runCli(['search', '--space', space({ kd: [{ alpha: 2 }] }), '--db', db]),
    /methods\.kd\[0\]: kd parameter 'alpha' must be a number in \[0, 1\]; got 2/,
  );
});

test('an unknown dataset lists the known names', () => {
  const dir = tempDir('cli-errors');
  assertOneLineError(
    runCli(['search', '--dataset', 'mnistt', '--db', join(dir, 'x.db')]),
    /unknown dataset 'mnistt'.*digits/,
  );
});

test('an unknown strategy and method list the known ones', () => {
  const dir = tempDir('cli-errors');
  assertOneLineError(runCli(['search', '--strategy', 'greedyy', '--db', join(dir, 'x.db')]), /unknown search strategy 'greedyy'; known: beam, exhaustive, greedy, one-hop/);
  assertOneLineError(runCli(['search', '--methods', 'kd,pw', '--db', join(dir, 'x.db')]), /unknown transfer method 'pw'/);
});

test('an invalid search-space file names the file and the field', () => {
  const dir = tempDir('cli-errors');
  const space = join(dir, 'bad.json');
  writeFileSync(
    space,
    JSON.stringify({
      name: 'bad',
      family: 'mlp',
      dataset: 'iris',
      root: { arch: { family: 'mlp', hidden: [16, -3] } },
      target: { arch: { family: 'mlp', hidden: [] } },
    }),
  );
  assertOneLineError(runCli(['search', '--space', space, '--db', join(dir, 'x.db')]), /bad\.json.*root\.arch\.hidden\[1\]/);
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{\n  "name": "x",\n  "family": mlp\n}\n');
  assertOneLineError(runCli(['search', '--space', broken, '--db', join(dir, 'x.db')]), /broken\.json.*line 3/);
});

test('an unreadable database is one line, and nothing is written to it', () => {
  const dir = tempDir('cli-errors');
  const notDb = join(dir, 'notes.db');
  writeFileSync(notDb, 'these are my notes, not a database\n'.repeat(200));
  assertOneLineError(runCli(['runs', '--db', notDb]), /notes\.db/);
  assertOneLineError(runCli(['search', '--space', 'tiny', '--db', notDb]), /notes\.db/);
  assertOneLineError(runCli(['show', 'r000000', '--db', join(dir, 'missing-dir', 'x.db')]), /x\.db/);
  assertOneLineError(runCli(['runs', '--db', dir]), /is a directory: give the path of a results file/);
});

test('show and resume of an unknown run say how to list runs', () => {
  const db = emptyStore();
  assertOneLineError(runCli(['show', 'nope', '--db', db]), /no run 'nope'.*multihop runs/);
  assertOneLineError(runCli(['resume', 'nope', '--db', db]), /no run 'nope'.*multihop runs/);
});

test('query refuses to modify the database', () => {
  assertOneLineError(runCli(['query', 'DELETE FROM runs', '--db', emptyStore()]), /must not modify/);
});

/**
 * Seeded fuzzing of what users feed multihop: malformed CSV, ARFF, search-space files and flag
 * values. Several hundred cases go through the library's own parse and validation functions
 * in-process (every failure must be a MultihopError, or commander's InvalidArgumentError for a
 * flag parser, on one line); a sample of the failing ones goes through the built CLI (one line on
 * stderr, a non-zero exit, no stack trace, the database passed with --db left byte-identical).
 * Every CLI case is invalid at validation time, so nothing trains.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { createRng, MultihopError, type Rng } from '../src/core/index.js';
import { parseArff, parseCsv, prepareData } from '../src/data/index.js';
import { resolveRunConfig, type SearchRequest } from '../src/run/index.js';
import { loadSearchSpace } from '../src/search/index.js';
import { fraction, nonNegativeInt, positiveInt, workerCount } from '../src/cli/options.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { tinyIrisRun } from './fixtures/run/tiny-run.js';

const SEED = 20_240_610;
const CASES_PER_KIND = 80;
const CLI_CASES_PER_KIND = 5;

const TOKENS = [
  '1e999', '-1e999', '1e39', '9'.repeat(400), 'inf', '-inf', 'Infinity', 'NaN', '', '?', '"', '""', 'a"b', '\u0000',
  '0x10', '1,5', ' ', '∞', '１２', '-', '.', 'e5', '1e', '\r', '\n', 'null', '{}', "'", '%', '@data', '\\',
];

const pick = <T>(rng: Rng, values: readonly T[]): T => values[rng.int(values.length)];

/** A failing input and what the CLI needs to see it. */
interface CliCase {
  label: string;
  args: string[];
}

/** Runs one in-process case: a failure must be a MultihopError (or a flag-parser error) with a one-line message. */
function expectCleanFailure(label: string, body: () => void, allowFlagError = false): boolean {
  try {
    body();
    return false;
  } catch (error) {
    const allowed = error instanceof MultihopError || (allowFlagError && error instanceof InvalidArgumentError);
    assert.ok(allowed, `${label}: ${(error as Error)?.name}: ${(error as Error)?.stack}`);
    assert.doesNotMatch((error as Error).message, /[\r\n]/, `${label}: message is not one line: ${JSON.stringify((error as Error).message)}`);
    return true;
  }
}

function splitLines(text: string): string[] {
  return text.split('\n');
}

/** Mutations shared by the CSV and ARFF generators, on the data lines (`first` is the first data line). */
function mutateLines(rng: Rng, lines: string[], first: number, separator: string): string[] {
  const out = [...lines];
  if (out.length <= first) return out;
  const row = first + rng.int(out.length - first);
  const cells = out[row].split(separator);
  switch (rng.int(8)) {
    case 0:
      cells[rng.int(cells.length)] = pick(rng, TOKENS);
      out[row] = cells.join(separator);
      break;
    case 1:
      out[row] = cells.slice(0, -1).join(separator);
      break;
    case 2:
      out[row] = [...cells, pick(rng, TOKENS)].join(separator);
      break;
    case 3:
      // Every label the same: one class.
      for (let r = first; r < out.length; r++) out[r] = [...out[r].split(separator).slice(0, -1), 'x'].join(separator);
      break;
    case 4:
      out.splice(first + 1);
      break;
    case 5: {
      const at = rng.int(out.join('\n').length);
      return splitLines(out.join('\n').slice(0, at));
    }
    case 6: {
      const text = out.join('\n');
      const at = rng.int(text.length);
      const junk = Array.from({ length: 1 + rng.int(6) }, () => String.fromCharCode(rng.int(256))).join('');
      return splitLines(text.slice(0, at) + junk + text.slice(at));
    }
    default:
      // One row of a new class: too small for every part of the split.
      out.push([...cells.slice(0, -1), 'z'].join(separator));
  }
  return out;
}

function baseRows(rng: Rng): string[] {
  return Array.from({ length: 16 }, (_, i) => `${(rng.next() * 10).toFixed(2)},${rng.int(100)},${pick(rng, ['red', 'green', 'blue'])},${i % 2 ? 'x' : 'y'}`);
}

function fuzzCsv(rng: Rng): string {
  let lines = ['a,b,c,label', ...baseRows(rng)];
  if (rng.int(8) === 0) lines[0] = pick(rng, ['a,a,c,label', 'label', '', 'a,b,c,"label']);
  for (let k = 1 + rng.int(2); k > 0; k--) lines = mutateLines(rng, lines, 1, ',');
  return lines.join('\n');
}

function fuzzArff(rng: Rng): string {
  const header = ['@relation fuzz', '@attribute a numeric', '@attribute b integer', '@attribute c {red,green,blue}', '@attribute class {x,y,z}', '@data'];
  if (rng.int(6) === 0) {
    header[1 + rng.int(4)] = pick(rng, ['@attribute d date', '@attribute', "@attribute 'a numeric", '@attribute c {red,green', '@foo bar', '@attribute e string']);
  }
  if (rng.int(10) === 0) header.pop();
  let lines = [...header, ...baseRows(rng)];
  if (rng.int(10) === 0) lines.push('{0 1, 3 x}');
  for (let k = 1 + rng.int(2); k > 0; k--) lines = mutateLines(rng, lines, header.length, ',');
  return lines.join('\n');
}

const SPACE = JSON.parse(readFileSync(new URL('../../search-spaces/tiny.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const BAD_VALUES: unknown[] = [null, -1, 0, 'x', [], {}, true, 1.5, -3, 1e308, [-1], { family: 'cnn' }, 'mlp', 1e6, [[]], { hidden: 'x' }, ''];

/** Sets (or deletes) a random key anywhere in a copy of the tiny space. */
function fuzzSpace(rng: Rng): unknown {
  const space = structuredClone({ ...SPACE, dataset: 'iris' }) as Record<string, unknown>;
  let node: Record<string, unknown> = space;
  for (let depth = 0; depth < 3; depth++) {
    const keys = Object.keys(node);
    const key = pick(rng, keys);
    const child = node[key];
    if (child && typeof child === 'object' && rng.int(2) === 0) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (rng.int(5) === 0) delete node[key];
    else node[key] = pick(rng, BAD_VALUES);
    return space;
  }
  node[`unknown${rng.int(9)}`] = pick(rng, BAD_VALUES);
  return space;
}

const FLAG_PARSERS = {
  '--workers': workerCount(),
  '--seeds': positiveInt('--seeds', 100),
  '--width': positiveInt('--width'),
  '--max-attempts': positiveInt('--max-attempts'),
  '--split-seed': nonNegativeInt('--split-seed'),
  '--root-share': fraction('--root-share'),
} as const;
const FLAG_VALUES = ['0', '-1', '1000', '1e3', '1.5', 'two', '', ' ', '0x10', '99999999999999999999', 'NaN', 'Infinity', '1\n2', '1', '0.5', '2', '1e-9'];

/** A request with one field fuzzed; resolveRunConfig validates everything but the dataset itself. */
function fuzzRequest(rng: Rng): SearchRequest {
  const request: SearchRequest = { dataset: 'iris', space: 'tiny', seeds: 1 };
  const field = pick(rng, ['strategy', 'methods', 'space', 'label', 'seeds', 'rootShare'] as const);
  if (field === 'methods') request.methods = [pick(rng, ['kd', 'scratch', 'kdd', '', 'KD', 'profweight']), pick(rng, ['kd', 'sratio', '?'])];
  else if (field === 'seeds' || field === 'rootShare') request[field] = pick(rng, [0, -1, 1.5, 1e9, NaN, 1]);
  else request[field] = pick(rng, ['', ' ', 'greedy', 'beem', 'nosuch', '../x', 'tiny', 'x.json']);
  return request;
}

test('fuzzed CSV, ARFF, search spaces and flags fail as one-line MultihopErrors in-process, and cleanly through the CLI', () => {
  const rng = createRng(SEED);
  const cli: Record<string, CliCase[]> = { csv: [], arff: [], space: [], flag: [] };
  let failures = 0;
  let cases = 0;
  const inputs = tempDir('fuzz-inputs');

  const tabular = [
    { kind: 'csv', generate: fuzzCsv, parse: parseCsv },
    { kind: 'arff', generate: fuzzArff, parse: parseArff },
  ] as const;
  for (const { kind, generate, parse } of tabular) {
    for (let i = 0; i < CASES_PER_KIND; i++, cases++) {
      const text = generate(rng);
      const failed = expectCleanFailure(`${kind} #${i} ${JSON.stringify(text.slice(0, 300))}`, () => {
        const data = prepareData(parse(text, `fuzz.${kind}`, 'fuzz'));
        assert.ok(data.train.features.every(Number.isFinite), `${kind} #${i}: non-finite features`);
      });
      if (failed) {
        failures++;
        const file = join(inputs, `d${i}.${kind}`);
        writeFileSync(file, text);
        cli[kind].push({ label: `${kind} #${i}`, args: ['--dataset', file, '--space', 'tiny'] });
      }
    }
  }
  for (let i = 0; i < CASES_PER_KIND; i++, cases++) {
    const space = fuzzSpace(rng);
    // A few spaces are also broken at the JSON text level.
    const text = rng.int(8) === 0 ? JSON.stringify(space).slice(0, -1 - rng.int(10)) : JSON.stringify(space);
    const file = join(inputs, `s${i}.json`);
    writeFileSync(file, text);
    if (expectCleanFailure(`space #${i} ${text.slice(0, 300)}`, () => loadSearchSpace(file))) {
      failures++;
      cli.space.push({ label: `space #${i}`, args: ['--space', file, '--dataset', 'iris'] });
    }
  }
  for (let i = 0; i < CASES_PER_KIND; i++, cases++) {
    const flag = pick(rng, Object.keys(FLAG_PARSERS) as Array<keyof typeof FLAG_PARSERS>);
    const value = pick(rng, FLAG_VALUES);
    if (expectCleanFailure(`flag ${flag} ${JSON.stringify(value)}`, () => FLAG_PARSERS[flag](value), true)) {
      failures++;
      cli.flag.push({ label: `flag ${flag} ${JSON.stringify(value)}`, args: ['--dataset', 'iris', '--space', 'tiny', flag, value] });
    }
    const request = fuzzRequest(rng);
    cases++;
    if (expectCleanFailure(`request ${JSON.stringify(request)}`, () => resolveRunConfig(request))) failures++;
  }
  assert.ok(cases >= 300, `${cases} in-process cases`);
  // The generators must mostly produce broken input, or the test proves little.
  assert.ok(failures > cases / 2, `only ${failures} of ${cases} cases failed`);

  const { db } = tinyIrisRun('fuzz');
  const before = readFileSync(db);
  const sample = Object.values(cli).flatMap((list) => createRng(SEED + list.length).shuffle([...list]).slice(0, CLI_CASES_PER_KIND));
  assert.equal(sample.length, 4 * CLI_CASES_PER_KIND);
  for (const { label, args } of sample) {
    const result = runCli(['search', ...args, '--seeds', '1', '--workers', '1', '--db', db, '--json']);
    assert.notEqual(result.status, 0, `${label}: exit 0, stdout ${result.stdout.slice(0, 300)}`);
    assert.doesNotMatch(result.stderr, /^ {4}at /m, `${label}: stack trace: ${result.stderr}`);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, `${label}: not one line: ${result.stderr}`);
    assert.match(result.stderr, /^multihop: /, label);
    assert.ok(readFileSync(db).equals(before), `${label}: the database changed`);
  }
});

/**
 * Sweep files: `{ "name": …, "grid": { <search flag>: [values…] }, "fixed": { <search flag>: value } }`
 * (JSON; comments and trailing commas are accepted). Grid keys are the `search` command's long flag
 * names without dashes, and every value goes through the parser the CLI uses for that flag. The
 * cross product of the grid, in the file's key order with the last key varying fastest, is the
 * sweep's list of searches.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError } from '../core/index.js';
import type { SearchRequest } from '../config/index.js';
import { canonicalJson } from '../search/index.js';

/** A search flag as a sweep key: how its value is named, where it goes, and how the CLI parses it. */
export interface SweepFlag {
  /** Long flag name without dashes: `root-share`. */
  name: string;
  /** The SearchRequest field the value fills. */
  field: keyof SearchRequest;
  /** The CLI's parser for the flag's text (none: the text as given). */
  parse?: (value: string) => unknown;
}

/** A sweep file as written: its grid and fixed values are the file's JSON values. */
export interface SweepSpec {
  name: string;
  grid: Record<string, unknown[]>;
  fixed: Record<string, unknown>;
}

/** A checked sweep file. */
export interface LoadedSweep {
  /** Where it was read from (for messages). */
  source: string;
  spec: SweepSpec;
  /** SHA-256 of the spec's canonical JSON: the same sweep file run again has the same one. */
  specSha256: string;
  /** Each search's flag values (fixed ones included), in run order. */
  combinations: Array<Record<string, unknown>>;
}

/** More searches than any overnight sweep needs: most likely a grid written by mistake. */
export const MAX_COMBINATIONS = 10_000;
const TOP_LEVEL_KEYS = ['name', 'grid', 'fixed'];

/** Reads and checks a sweep file; every problem is one ConfigError naming the file and the JSON path. */
export function loadSweepFile(path: string, flags: readonly SweepFlag[]): LoadedSweep {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the sweep file (${(error as Error).message})`, { cause: error });
  }
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true }) as unknown;
  if (errors.length > 0) {
    const before = text.slice(0, errors[0].offset).split('\n');
    const reason = printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    throw new ConfigError(`${path}: line ${before.length}, column ${before[before.length - 1].length + 1}: invalid JSON (${reason})`);
  }
  return parseSweep(value, path, flags);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** Checks a parsed sweep file and lists its combinations. */
export function parseSweep(value: unknown, source: string, flags: readonly SweepFlag[]): LoadedSweep {
  const fail = (path: string, message: string) => new ConfigError(`${source}: ${path}: ${message}`);
  if (!isObject(value)) throw fail('(top level)', `expected an object { "name": …, "grid": { … } }, got ${shown(value)}`);
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.includes(key)) throw fail(key, `unknown key '${key}'; a sweep file has ${TOP_LEVEL_KEYS.join(', ')}`);
  }
  const { name, grid, fixed = {} } = value;
  if (typeof name !== 'string' || name.trim() === '' || /[\u0000-\u001f]/.test(name)) {
    throw fail('name', `expected a non-empty name on one line, got ${shown(name)}`);
  }
  if (!isObject(grid) || Object.keys(grid).length === 0) {
    throw fail('grid', `expected an object of search flags, each with a list of values (e.g. { "seeds": [1, 3] }), got ${shown(grid)}`);
  }
  if (!isObject(fixed)) throw fail('fixed', `expected an object of search flags, each with one value, got ${shown(fixed)}`);
  const byName = new Map(flags.map((flag) => [flag.name, flag]));
  const flagOf = (path: string, key: string): SweepFlag => {
    const flag = byName.get(key);
    if (!flag) throw fail(path, `'${key}' is not a search flag; use one of ${[...byName.keys()].join(', ')}`);
    return flag;
  };
  for (const [key, given] of Object.entries(fixed)) {
    if (key in grid) throw fail(`fixed.${key}`, `'${key}' is in the grid too; keep it in one of them`);
    flagValue(flagOf(`fixed.${key}`, key), given, fail.bind(null, `fixed.${key}`));
  }
  let count = 1;
  for (const [key, values] of Object.entries(grid)) {
    const flag = flagOf(`grid.${key}`, key);
    if (!Array.isArray(values) || values.length === 0) throw fail(`grid.${key}`, `expected a non-empty list of values, got ${shown(values)}`);
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const parsed = canonicalJson(flagValue(flag, v, fail.bind(null, `grid.${key}[${i}]`)));
      if (seen.has(parsed)) throw fail(`grid.${key}[${i}]`, `${shown(v)} is listed twice; each value once`);
      seen.add(parsed);
    });
    count *= values.length;
  }
  if (count > MAX_COMBINATIONS) throw fail('grid', `${count} combinations, more than ${MAX_COMBINATIONS}; split the sweep`);
  const spec: SweepSpec = { name, grid: grid as Record<string, unknown[]>, fixed };
  return {
    source,
    spec,
    specSha256: createHash('sha256').update(canonicalJson(spec)).digest('hex'),
    combinations: crossProduct(spec),
  };
}

/** The grid's combinations, first key slowest, each with the fixed values. */
function crossProduct(spec: SweepSpec): Array<Record<string, unknown>> {
  let combinations: Array<Record<string, unknown>> = [{ ...spec.fixed }];
  for (const [key, values] of Object.entries(spec.grid)) {
    combinations = combinations.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  }
  return combinations;
}

/** A JSON value as the flag's command-line text: lists joined with commas (`--methods kd,sratio`). */
function flagText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(',');
  return undefined;
}

/** The value a flag gets from a sweep file's JSON value, through the CLI's parser. */
function flagValue(flag: SweepFlag, value: unknown, fail: (message: string) => ConfigError): unknown {
  const text = flagText(value);
  if (text === undefined || (!flag.parse && typeof value !== 'string')) {
    throw fail(`expected ${flag.parse ? 'a string, a number or a list of them' : 'a string'}, got ${shown(value)}`);
  }
  if (!flag.parse) return text;
  try {
    return flag.parse(text);
  } catch (error) {
    throw fail((error as Error).message);
  }
}

/**
 * The search request of one combination. `where` names it in messages ("s.json: combination 3").
 * @throws ConfigError when a value does not parse (a stored combination edited by hand)
 */
export function combinationRequest(values: Record<string, unknown>, flags: readonly SweepFlag[], where: string): SearchRequest {
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const flag = flags.find((f) => f.name === key);
    if (!flag) throw new ConfigError(`${where}: '${key}' is not a search flag`);
    request[flag.field] = flagValue(flag, value, (message) => new ConfigError(`${where}: ${key}: ${message}`));
  }
  return request as SearchRequest;
}

/** A sweep value as the flag's text (`kd,sratio` for a list). */
export function valueText(value: unknown): string {
  return flagText(value) ?? String(value);
}

/** The `search` command line equivalent to a combination, as the run records it. */
export function combinationArgv(values: Record<string, unknown>): string[] {
  return ['search', ...Object.entries(values).flatMap(([key, value]) => [`--${key}`, valueText(value)])];
}

/** `dataset=iris seeds=2`, for progress lines and reports. */
export function combinationLabel(values: Record<string, unknown>, keys: readonly string[] = Object.keys(values)): string {
  return keys.map((key) => `${key}=${valueText(values[key])}`).join(' ');
}

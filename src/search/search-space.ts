import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { ConfigError, quotedChoices, zodErrorMessage } from '../core/index.js';
import type { Arch, MethodKey, MethodParams, SplitSettings, TrainSettings } from '../core/index.js';
import { families, familyKeys, validateArch } from '../models/index.js';
import { transferKeys } from '../transfer/index.js';
import { MAX_TUNE_TRIALS } from '../hop/hop-tuning.js';
import { seedListSchema } from './seeds.js';
import { strategies } from './strategies.js';

/** How intermediates are constructed between the current teacher and the target. */
export interface ConstructSettings {
  /**
   * Geometric positions between teacher and target complexity: a fraction f asks for an arch
   * with about teacher^(1-f) · target^f parameters. Each in (0, 1).
   */
  fractions: number[];
  /** Constructed archs are proposed only for chain positions 1..maxDepth (default: the space's). */
  maxDepth: number;
  /**
   * Families to construct archs of, each at every fraction (docs/design.md §4.3). Absent: the
   * space's `family` (the root's) only.
   */
  families?: Arch['family'][];
}

/** A key of the `strategies` registry, which a search-space file may suggest as its default. */
export type StrategyKey = string;

/** A validated search-space file: what to search over and how every node is trained. */
export interface SearchSpace {
  name: string;
  /** Family constructed intermediates belong to (the root's). */
  family: Arch['family'];
  /** Default dataset name when the CLI names none. */
  dataset?: string;
  /** Split settings overriding the CLI's defaults. */
  split?: Partial<SplitSettings>;
  /** The complex model; `training` is the space's `training` with the root's overrides applied. */
  root: { arch: Arch; training: TrainSettings };
  target: { arch: Arch };
  /** Training settings of every node except the root. */
  training: TrainSettings;
  /** A pool of intermediates to select from (may be empty). */
  candidates: Arch[];
  construct?: ConstructSettings;
  /** Parameter grids that replace a method's default grid. */
  methods: Partial<Record<Exclude<MethodKey, 'scratch'>, MethodParams[]>>;
  /** Noise threshold: a longer chain must beat the best shorter one by more than this (mean validation accuracy). */
  minGain: number;
  /**
   * Noise rule over seeds: a longer chain must also beat the selection by more than this many
   * standard errors of its per-seed gain (paired by seed). Needs two seeds or more.
   */
  standardErrors: number;
  /** Most intermediates in a chain. */
  maxDepth: number;
  /**
   * Also train intermediates from scratch, not only by transfer from the current teacher (a chain
   * may then restart at a scratch intermediate and not start at the complex model). Absent: off.
   */
  scratchIntermediates?: boolean;
  /** Suggested defaults for the CLI. */
  strategy?: StrategyKey;
  beamWidth?: number;
  seeds?: number[];
  /** Transfer methods the CLI tries when `--methods` is not given (default: kd). */
  defaultMethods?: MethodKey[];
  /** The file it came from, or the `where` given to {@link parseSearchSpace}. */
  source: string;
}

/** Training settings used where a space file gives none. */
export const DEFAULT_TRAINING: TrainSettings = { maxEpochs: 30, batchSize: 32, learningRate: 0.01, patience: 5 };
export const DEFAULT_MIN_GAIN = 0.005;
export const DEFAULT_STANDARD_ERRORS = 1;
export const DEFAULT_MAX_DEPTH = 2;


const positiveInt = (what = 'a positive integer') =>
  z.number({ invalid_type_error: `expected ${what}`, required_error: `expected ${what}` })
    .int({ message: `expected ${what}` })
    .positive({ message: `expected ${what}` });
const nonNegativeInt = z
  .number({ invalid_type_error: 'expected an integer >= 0' })
  .int({ message: 'expected an integer >= 0' })
  .min(0, { message: 'expected an integer >= 0' });
const positiveNumber = z
  .number({ invalid_type_error: 'expected a number > 0' })
  .positive({ message: 'expected a number > 0' });
const openFraction = z
  .number({ invalid_type_error: 'expected a fraction strictly between 0 and 1' })
  .gt(0, { message: 'expected a fraction strictly between 0 and 1' })
  .lt(1, { message: 'expected a fraction strictly between 0 and 1' });
const text = z.string({ invalid_type_error: 'expected a string', required_error: 'expected a string' }).min(1, {
  message: 'expected a non-empty string',
});
/** Architectures are checked by the models module afterwards, with their full JSON path. */
const archSlot = z.unknown().refine((v) => v !== undefined, { message: 'expected an architecture object' });

const nonNegativeNumber = z
  .number({ invalid_type_error: 'expected a number >= 0' })
  .min(0, { message: 'expected a number >= 0' })
  .finite({ message: 'expected a number >= 0' });
const tuneList = <T extends z.ZodTypeAny>(value: T) =>
  z.array(value, { invalid_type_error: 'expected an array of values to try' }).min(1, { message: 'expected at least one value' }).optional();
const tuneSchema = z
  .object({
    learningRate: tuneList(positiveNumber),
    weightDecay: tuneList(nonNegativeNumber),
    maxEpochs: tuneList(positiveInt()),
    minSamplesLeaf: tuneList(positiveInt()),
  })
  .strict()
  // Networks read the first three, tree families the last: the larger product is what a node costs.
  .refine((tune) => Math.max((tune.learningRate?.length ?? 1) * (tune.weightDecay?.length ?? 1) * (tune.maxEpochs?.length ?? 1), tune.minSamplesLeaf?.length ?? 1) <= MAX_TUNE_TRIALS, {
    message: `expected at most ${MAX_TUNE_TRIALS} combinations (each costs a training of every network node)`,
  });

/** A space's `training` (every field optional: defaults fill them); hop jobs on a queue are checked with it too. */
export const trainingSchema = z
  .object({
    maxEpochs: positiveInt().optional(),
    batchSize: positiveInt().optional(),
    learningRate: positiveNumber.optional(),
    patience: nonNegativeInt.optional(),
    weightDecay: nonNegativeNumber.optional(),
    tune: tuneSchema.optional(),
    signalFolds: z
      .number({ invalid_type_error: 'expected an integer from 2 to 10' })
      .int({ message: 'expected an integer from 2 to 10' })
      .min(2, { message: 'expected an integer from 2 to 10' })
      .max(10, { message: 'expected an integer from 2 to 10' })
      .optional(),
  })
  .strict();

const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.null()], {
  errorMap: () => ({ message: 'expected a number, string, boolean, array of numbers or null' }),
});
const grid = z
  .array(z.record(paramValue, { invalid_type_error: 'expected an object of method parameters' }), {
    invalid_type_error: 'expected an array of parameter sets',
  })
  .min(1, { message: 'expected at least one parameter set' });

/**
 * Built on first use, from the registries: the families, strategies and transfer methods a space
 * may name are the registered ones (the registries are evaluated after this module).
 */
let builtSchema: ReturnType<typeof buildSpaceSchema> | undefined;
const spaceSchema = () => (builtSchema ??= buildSpaceSchema());

function buildSpaceSchema() {
  const strategyKeys = strategies.keysInOrder() as [string, ...string[]];
  const methodGrids = Object.fromEntries(
    transferKeys().map((key) => [key, grid.optional()]),
  );
  const familyEnum = z.enum(familyKeys(), { errorMap: () => ({ message: `expected ${quotedChoices(familyKeys())}` }) });
  return z
    .object({
      name: text,
      family: familyEnum,
      dataset: text.optional(),
      split: z
        .object({
          seed: nonNegativeInt.optional(),
          trainFraction: openFraction.optional(),
          validationFraction: openFraction.optional(),
          rootShare: z.number({ invalid_type_error: 'expected a fraction in [0, 1)' }).min(0).lt(1).optional(),
          maxTrain: positiveInt().optional(),
          standardise: z
            .enum(['per-feature', 'none'], { errorMap: () => ({ message: "expected 'per-feature' or 'none'" }) })
            .optional(),
        })
        .strict()
        .optional(),
      root: z.object({ arch: archSlot, training: trainingSchema.optional() }, { required_error: 'expected an object' }).strict(),
      target: z.object({ arch: archSlot }, { required_error: 'expected an object' }).strict(),
      training: trainingSchema.optional(),
      candidates: z.array(archSlot, { invalid_type_error: 'expected an array of architectures' }).optional(),
      construct: z
        .object({
          fractions: z.array(openFraction, { required_error: 'expected an array of fractions' }).min(1, {
            message: 'expected at least one fraction',
          }),
          maxDepth: positiveInt().optional(),
          families: z
            .array(familyEnum, { invalid_type_error: 'expected an array of family keys' })
            .min(1, { message: 'expected at least one family' })
            .optional(),
        })
        .strict()
        .optional(),
      methods: z
        .object(methodGrids)
        .strict()
        .optional(),
      minGain: z
        .number({ invalid_type_error: 'expected a number >= 0' })
        .min(0, { message: 'expected a number >= 0' })
        .optional(),
      standardErrors: z
        .number({ invalid_type_error: 'expected a number >= 0' })
        .min(0, { message: 'expected a number >= 0' })
        .finite({ message: 'expected a number >= 0' })
        .optional(),
      maxDepth: positiveInt().optional(),
      scratchIntermediates: z.boolean({ invalid_type_error: 'expected true or false' }).optional(),
      strategy: z
        .enum(strategyKeys, { errorMap: () => ({ message: `expected ${quotedChoices(strategyKeys)}` }) })
        .optional(),
      beamWidth: positiveInt().optional(),
      seeds: seedListSchema.optional(),
      defaultMethods: z
        .array(z.enum(transferKeys() as [string, ...string[]], { errorMap: () => ({ message: `expected ${quotedChoices(transferKeys())}` }) }), {
          invalid_type_error: 'expected an array of transfer method keys',
        })
        .min(1, { message: 'expected at least one method' })
        .optional(),
    })
    .strict();
}

/**
 * Validates a parsed search-space value.
 *
 * @param where the file name (or other source) named first in every error message
 * @throws ConfigError naming `where`, the JSON path and what was expected, e.g.
 *   `search-spaces/x.json: root.arch.hidden[1]: expected a positive integer, got -3`
 */
export function parseSearchSpace(value: unknown, where: string): SearchSpace {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${where}: expected a search-space object at the top level`);
  }
  const parsed = spaceSchema().safeParse(value);
  if (!parsed.success) throw new ConfigError(zodErrorMessage(parsed.error, value, where));
  const raw = parsed.data;
  const rootArch = validateArch(raw.root.arch, where, 'root.arch');
  const targetArch = validateArch(raw.target.arch, where, 'target.arch');
  const candidates = (raw.candidates ?? []).map((arch, i) => validateArch(arch, where, `candidates[${i}]`));
  if (rootArch.family !== raw.family) {
    throw new ConfigError(
      `${where}: root.arch.family: expected '${raw.family}' (the space's family), got '${rootArch.family}'`,
    );
  }
  if (raw.training?.signalFolds !== undefined) {
    throw new ConfigError(`${where}: training.signalFolds: only the root's signal is cross-fitted; move it to root.training`);
  }
  const training: TrainSettings = { ...DEFAULT_TRAINING, ...raw.training };
  const maxDepth = raw.maxDepth ?? DEFAULT_MAX_DEPTH;
  const space: SearchSpace = {
    name: raw.name,
    family: raw.family,
    root: { arch: rootArch, training: { ...training, ...raw.root.training } },
    target: { arch: targetArch },
    training,
    candidates,
    methods: raw.methods ?? {},
    minGain: raw.minGain ?? DEFAULT_MIN_GAIN,
    standardErrors: raw.standardErrors ?? DEFAULT_STANDARD_ERRORS,
    maxDepth,
    source: where,
  };
  if (raw.construct) {
    space.construct = { fractions: raw.construct.fractions, maxDepth: raw.construct.maxDepth ?? maxDepth };
    if (raw.construct.families) space.construct.families = constructFamilies(raw.construct.families, where);
  }
  if (raw.dataset !== undefined) space.dataset = raw.dataset;
  if (raw.split !== undefined) space.split = raw.split;
  if (raw.strategy !== undefined) space.strategy = raw.strategy;
  if (raw.defaultMethods !== undefined) space.defaultMethods = raw.defaultMethods as MethodKey[];
  if (raw.beamWidth !== undefined) space.beamWidth = raw.beamWidth;
  if (raw.seeds !== undefined) space.seeds = raw.seeds;
  if (raw.scratchIntermediates !== undefined) space.scratchIntermediates = raw.scratchIntermediates;
  return space;
}

/**
 * `construct.families`, checked: each listed once, and each able to construct archs from another
 * family's teacher (it has a construction seed; `linear` has one size and does not).
 */
function constructFamilies(keys: Arch['family'][], where: string): Arch['family'][] {
  keys.forEach((key, i) => {
    const path = `${where}: construct.families[${i}]`;
    if (keys.indexOf(key) !== i) throw new ConfigError(`${path}: '${key}' is listed twice; list each family once`);
    if (families.get(key).constructionSeed === undefined) {
      throw new ConfigError(`${path}: '${key}' has a single size, so no archs of it can be constructed; list it in candidates instead`);
    }
  });
  return [...keys];
}

/** Training settings of a node in `role`: the root's for the root, the space's for every other node. */
export function trainSettingsFor(space: SearchSpace, role: 'root' | 'scratch' | 'intermediate' | 'target'): TrainSettings {
  return role === 'root' ? space.root.training : space.training;
}

/** Line and column (1-based) of a character offset in `source`. */
function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Reads and validates a search-space JSON file.
 *
 * @throws ConfigError when the file cannot be read, is not JSON (naming line and column) or is
 *   not a valid search space (naming the JSON path)
 */
export function loadSearchSpace(path: string): SearchSpace {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the search-space file (${(error as Error).message})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    // V8's messages do not always carry a position (Node 20 often says only "is not valid JSON"),
    // so a tolerant parser locates the first syntax error for the message.
    const errors: ParseError[] = [];
    parseJsonc(source, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    const { line, column } = lineAndColumn(source, first ? first.offset : source.length);
    const reason = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'not valid JSON';
    throw new ConfigError(`${path}: line ${line}, column ${column}: invalid JSON (${reason})`, { cause: error });
  }
  return parseSearchSpace(value, path);
}

/** The folder of search-space files shipped with the package. */
export const SHIPPED_SEARCH_SPACES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'search-spaces');

/** Names of the shipped search spaces (`default`, `tiny`, …), sorted. */
export function shippedSearchSpaceNames(): string[] {
  try {
    return readdirSync(SHIPPED_SEARCH_SPACES_DIR)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * The path of a shipped search space by name (`tiny` → `<package>/search-spaces/tiny.json`), or
 * `nameOrPath` itself when it names a file (contains a slash or ends in .json).
 *
 * @throws ConfigError for a name that is not a shipped space, listing the known ones
 */
export function searchSpacePath(nameOrPath: string): string {
  if (nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.endsWith('.json')) return nameOrPath;
  const path = join(SHIPPED_SEARCH_SPACES_DIR, `${nameOrPath}.json`);
  if (!existsSync(path)) {
    throw new ConfigError(`unknown search space '${nameOrPath}'; known: ${shippedSearchSpaceNames().join(', ')}, or give a path to a .json file`);
  }
  return path;
}

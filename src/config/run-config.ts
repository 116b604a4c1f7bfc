import { z } from 'zod';
import { ConfigError, invalidField, type MethodKey, type SplitSettings } from '../core/index.js';
import { defaultSplitSettings, isEmbeddedDataset, type TabularLoadOptions } from '../data/index.js';
import {
  BUDGET_FLAGS,
  budgetSchema,
  hasBudget,
  seedsForCount,
  loadSearchSpace,
  searchSpacePath,
  strategies,
  type Budget,
  type BudgetTarget,
  type SearchSpace,
} from '../search/index.js';
import { transferKeys, transferMethods } from '../transfer/index.js';
import { resolveTeacherSpec, teacherSpecSchema, type TeacherRequest, type TeacherSpec } from '../teachers/index.js';

/** What a user asks for on the command line; every field optional, defaults filled by {@link resolveRunConfig}. */
export interface SearchRequest extends TeacherRequest {
  dataset?: string;
  /** Label column of a CSV/ARFF dataset, by name (default: label/class/target/y, else the last). */
  label?: string;
  /** Column of a CSV/ARFF dataset giving each row's part: train, validation or test (`--split-column`). */
  splitColumn?: string;
  /** A shipped space name (`tiny`) or a path to a search-space JSON file. */
  space?: string;
  strategy?: string;
  beamWidth?: number;
  methods?: string[];
  /** Number of replicate seeds (0..n-1). */
  seeds?: number;
  workers?: number;
  backend?: string;
  /** Share of the training split reserved for the root model (docs/design.md §3.7). */
  rootShare?: number;
  /** Split seed (train/validation/test partition). */
  splitSeed?: number;
  /** Tries per node before it is marked failed for good. */
  maxAttempts?: number;
  /** Epochs to train each linear probe of a teacher signal. */
  probeEpochs?: number;
  /**
   * Limits that define "simple" (`--max-params`, `--max-bytes`, `--max-depth`, `--max-latency-us`):
   * with any of them the targets come from the budget. Flat, as the flags are (one per sweep grid key).
   */
  maxParams?: number;
  maxBytes?: number;
  maxDepth?: number;
  maxLatencyUs?: number;
}

/** Everything a run needs to be re-created from the store alone (resume never reads the space file again). */
export interface RunConfig {
  dataset: string;
  /** Label column of a file dataset, when the user named one (`--label`). */
  label?: string;
  /** The user's split column (`--split-column`): the parts come from it, not from the fractions. */
  splitColumn?: string;
  space: SearchSpace;
  strategy: string;
  beamWidth?: number;
  methods: TransferKey[];
  seeds: number[];
  split: SplitSettings;
  maxAttempts: number;
  probeEpochs: number;
  /** The user's own model as the root (`--teacher`): measured, never trained. */
  teacher?: TeacherSpec;
  /** The budget, when one was given: the run then trains `budgetTargets` instead of the space's target. */
  budget?: Budget;
  /** The targets proposed within the budget when the run started (with measured latency): resume trains these. */
  budgetTargets?: BudgetTarget[];
}

export const DEFAULT_SPACE = 'default';
export const DEFAULT_METHODS: TransferKey[] = ['kd'];
export const DEFAULT_MAX_ATTEMPTS = 2;
export const DEFAULT_PROBE_EPOCHS = 10;

type TransferKey = Exclude<MethodKey, 'scratch'>;

function parseMethods(methods: string[]): TransferKey[] {
  const keys = methods.filter((m) => m !== 'scratch');
  for (const key of keys) transferMethods.get(key);
  if (new Set(keys).size !== keys.length) throw new ConfigError(`--methods lists a method twice: ${methods.join(',')}`);
  if (keys.length === 0) {
    throw new ConfigError(
      `--methods names no transfer method (scratch is always measured); give at least one of ${transferKeys().join(', ')}`,
    );
  }
  return keys as TransferKey[];
}

/**
 * The parameter grid of every method the run uses (the space's, else the method's default), each
 * entry validated and completed with its defaults, so that a typo or an out-of-range value is a
 * config error before anything trains, and a resumed run uses exactly the stored grids.
 */
function resolveGrids(space: SearchSpace, methods: TransferKey[]): SearchSpace['methods'] {
  const grids: SearchSpace['methods'] = {};
  for (const key of methods) {
    const method = transferMethods.get(key);
    const given = space.methods[key];
    grids[key] = (given ?? method.defaultGrid).map((params, i) =>
      method.validateParams(params, given ? `${space.source}: methods.${key}[${i}]` : `default ${key} grid [${i}]`),
    );
  }
  return grids;
}

/** Fills defaults (flag, then search space, then built-in) and checks every field. */
export function resolveRunConfig(request: SearchRequest): RunConfig {
  const space = loadSearchSpace(searchSpacePath(request.space ?? DEFAULT_SPACE));
  const dataset = request.dataset ?? space.dataset;
  if (!dataset) throw new ConfigError(`${space.source} names no dataset: pass --dataset NAME|PATH`);
  if (request.label !== undefined && isEmbeddedDataset(dataset)) {
    throw new ConfigError(`--label applies to a .csv or .arff file; the embedded dataset '${dataset}' has its label column already`);
  }
  if (request.label !== undefined && request.label.trim() === '') throw new ConfigError('--label: expected a column name, got an empty string');
  if (request.splitColumn !== undefined) {
    if (isEmbeddedDataset(dataset)) throw new ConfigError(`--split-column applies to a .csv or .arff file; the embedded dataset '${dataset}' is split by the run`);
    if (request.splitColumn.trim() === '') throw new ConfigError('--split-column: expected a column name, got an empty string');
    if (request.splitSeed !== undefined) throw new ConfigError('--split-seed cuts a random split; with --split-column the parts are yours, drop one of the two');
  }
  const strategy = request.strategy ?? space.strategy ?? 'greedy';
  strategies.get(strategy);
  const seeds = request.seeds !== undefined ? seedsForCount(request.seeds) : space.seeds ?? [0];
  const rootShare = request.rootShare ?? space.split?.rootShare ?? 0;
  if (!(rootShare >= 0 && rootShare < 1)) throw new ConfigError(`--root-share must be in [0, 1), got ${rootShare}`);
  const split: SplitSettings = {
    ...defaultSplitSettings,
    ...space.split,
    rootShare,
    ...(request.splitSeed !== undefined ? { seed: request.splitSeed } : {}),
  };
  const methods = parseMethods(request.methods ?? space.defaultMethods ?? DEFAULT_METHODS);
  const teacher = resolveTeacherSpec(request);
  if (teacher?.kind === 'predictions' && methods.includes('compression')) {
    throw new ConfigError(
      `--methods compression labels new rows with the teacher, which a predictions file (${teacher.path}) cannot do; give the model as .onnx or drop compression (a TF.js model folder works too)`,
    );
  }
  const budget = resolveBudget({ maxParams: request.maxParams, maxBytes: request.maxBytes, maxDepth: request.maxDepth, maxLatencyUs: request.maxLatencyUs });
  return {
    dataset,
    ...(request.label !== undefined ? { label: request.label } : {}),
    ...(request.splitColumn !== undefined ? { splitColumn: request.splitColumn } : {}),
    space: { ...space, methods: resolveGrids(space, methods) },
    strategy,
    beamWidth: request.beamWidth,
    methods,
    seeds,
    split,
    maxAttempts: request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    probeEpochs: request.probeEpochs ?? DEFAULT_PROBE_EPOCHS,
    ...(teacher ? { teacher } : {}),
    ...(budget ? { budget } : {}),
  };
}

/** The budget with its unset limits dropped, each checked to be a positive integer; undefined when no limit is set. */
function resolveBudget(budget: Budget | undefined): Budget | undefined {
  if (!hasBudget(budget)) return undefined;
  const set = Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined));
  const parsed = budgetSchema.safeParse(set);
  if (!parsed.success) {
    const [key] = parsed.error.issues[0].path as Array<keyof typeof BUDGET_FLAGS>;
    throw new ConfigError(`${BUDGET_FLAGS[key] ?? key} must be a positive integer, got ${String(set[key as string])}`);
  }
  return parsed.data;
}

const storedConfigSchema = z.object({
  dataset: z.string(),
  label: z.string().optional(),
  splitColumn: z.string().optional(),
  space: z.object({ name: z.string(), source: z.string(), methods: z.record(z.array(z.record(z.unknown()))) }).passthrough(),
  strategy: z.string(),
  beamWidth: z.number().int().positive().optional(),
  methods: z.array(z.string().refine((key) => transferKeys().includes(key), { message: 'not a transfer method' })),
  seeds: z.array(z.number().int().nonnegative()).min(1),
  split: z.object({ seed: z.number() }).passthrough(),
  maxAttempts: z.number().int().positive(),
  probeEpochs: z.number().int().positive(),
  teacher: teacherSpecSchema.optional(),
  budget: budgetSchema.optional(),
  budgetTargets: z.array(z.object({ arch: z.object({ family: z.string() }).passthrough(), latencyUs: z.number().optional() })).min(1).optional(),
});

/** How a run's dataset is loaded: the label and split columns the user named, if any. */
export function datasetLoadOptions(config: Pick<RunConfig, 'label' | 'splitColumn'>): TabularLoadOptions {
  return {
    ...(config.label !== undefined ? { labelColumn: config.label } : {}),
    ...(config.splitColumn !== undefined ? { splitColumn: config.splitColumn } : {}),
  };
}

/** Reads a run's stored config back, checking its shape (a hand-edited or older DB is a clear error). */
export function storedRunConfig(runId: string, config: Record<string, unknown>): RunConfig {
  const parsed = storedConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw new ConfigError(`run ${runId}: stored config ${invalidField(parsed.error)}; start a new search`);
  }
  return parsed.data as unknown as RunConfig;
}

/**
 * Row validation: every row read back goes through a zod schema, so a corrupt or hand-edited row
 * is a StoreError naming its table, run, key and column, not a crash somewhere later.
 */
import { z } from 'zod';
import { StoreError } from '../core/index.js';
import type { Arch, EpochRecord, MethodParams, SplitSettings } from '../core/index.js';
import type { EventLevel, RunStatus } from './store-types.js';

/** A TEXT column holding JSON that must match `schema`. */
function json<T extends z.ZodTypeAny>(schema: T) {
  return z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: z.ZodIssueCode.custom, message: 'is not valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const blob = z.instanceof(Uint8Array);
const count = z.number().int().nonnegative();
// JSON has no NaN: a diverged loss is written as null and read back as NaN.
const jsonNumber = z
  .number()
  .nullable()
  .transform((value) => value ?? NaN);

const activation = z.enum(['relu', 'tanh', 'elu', 'sigmoid']).optional();
const archSchema: z.ZodType<Arch> = z.discriminatedUnion('family', [
  z
    .object({
      family: z.literal('mlp'),
      hidden: z.array(count),
      activation,
      dropout: z.number().optional(),
    })
    .passthrough(),
  z
    .object({
      family: z.literal('cnn'),
      convs: z.array(
        z
          .object({
            filters: count,
            kernel: count,
            stride: count.optional(),
            padding: z.enum(['same', 'valid']).optional(),
            pool: count.optional(),
          })
          .passthrough(),
      ),
      dense: z.array(count),
      activation,
      dropout: z.number().optional(),
    })
    .passthrough(),
]);

const methodParamsSchema: z.ZodType<MethodParams> = z.record(
  z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.null()]),
);

const epochRecordSchema: z.ZodType<EpochRecord, z.ZodTypeDef, unknown> = z.object({
  epoch: count,
  loss: jsonNumber,
  valLoss: jsonNumber,
  valAccuracy: jsonNumber,
});

const splitSchema: z.ZodType<SplitSettings> = z
  .object({
    seed: z.number().int(),
    trainFraction: z.number(),
    validationFraction: z.number(),
    rootShare: z.number(),
    maxTrain: z.number().int().optional(),
    standardise: z.enum(['per-feature', 'none']),
  })
  .passthrough();

const runStatus: z.ZodType<RunStatus> = z.enum(['running', 'interrupted', 'done', 'failed']);

export const runRow = z.object({
  id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: runStatus,
  command: json(z.array(z.string())),
  config: json(z.record(z.unknown())),
  dataset_name: z.string(),
  dataset_hash: z.string(),
  split: json(splitSchema),
  backend: z.string(),
  strategy: z.string(),
  methods: json(z.array(z.string())),
  seeds: json(z.array(z.number().int())),
  workers: z.number().int().positive(),
  error: z.string().nullable(),
});

const nullableNumber = z.number().nullable();

export const nodeRow = z.object({
  run_id: z.string(),
  key: z.string(),
  parent_key: z.string().nullable(),
  role: z.enum(['root', 'scratch', 'intermediate', 'target']),
  method: z.enum(['root', 'scratch', 'kd', 'profweight', 'sratio']),
  method_params: json(methodParamsSchema),
  arch: json(archSchema),
  arch_label: z.string(),
  params: count,
  flops: count,
  bytes: count,
  seed: z.number().int(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: count,
  train_accuracy: nullableNumber,
  train_loss: nullableNumber,
  validation_accuracy: nullableNumber,
  validation_loss: nullableNumber,
  test_accuracy: nullableNumber,
  test_loss: nullableNumber,
  epochs: count.nullable(),
  wall_ms: nullableNumber,
  history: json(z.array(epochRecordSchema)).nullable(),
  has_weights: z.union([z.literal(0), z.literal(1)]),
  error: z.string().nullable(),
  worker_id: z.string().nullable(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

/** The controller's view of a node: validation accuracy and complexity, nothing from test. */
export const outcomeRow = nodeRow.pick({
  key: true,
  status: true,
  validation_accuracy: true,
  params: true,
  flops: true,
  bytes: true,
  attempts: true,
});

export const weightsRow = z.object({
  weights: blob,
  weight_shapes: json(z.array(z.array(count))),
});

export const signalRow = z.object({
  example_count: z.number().int().positive(),
  train_logits: blob.nullable(),
  probes: json(z.array(z.object({ layer: z.string(), validationAccuracy: z.number() }))),
  confidences: blob,
  validation_accuracy: nullableNumber,
});

export const chainRow = z.object({
  kind: z.enum(['scratch', 'one-hop', 'multihop']),
  method: z.string(),
  node_keys: json(z.array(z.string()).min(1)),
  validation_accuracy: nullableNumber,
  test_accuracy: nullableNumber,
  details: json(z.record(z.unknown())),
});

export const eventRow = z.object({
  id: z.number().int(),
  run_id: z.string(),
  at: z.string(),
  level: z.enum(['info', 'warn', 'error']) as z.ZodType<EventLevel>,
  message: z.string(),
  data: json(z.unknown()).nullable(),
});

/**
 * Parses one row or throws a StoreError naming where it came from and the first bad column.
 * @param where e.g. "results.db: nodes row (run r1, key root)".
 */
export function parseRow<T extends z.ZodTypeAny>(schema: T, row: unknown, where: string): z.output<T> {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const [column, ...inside] = issue.path;
  const at = inside.length > 0 ? ` at ${inside.join('.')}` : '';
  throw new StoreError(`${where}: column ${String(column)}${at}: ${issue.message}; the row is corrupt`);
}

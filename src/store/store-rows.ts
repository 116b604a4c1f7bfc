/**
 * Row validation and mapping: every row read back goes through a zod schema that checks the
 * snake_case columns and transforms them into the camelCase record, in this one place per table.
 * A corrupt or hand-edited row is a StoreError naming its table, run, key and column.
 */
import { z } from 'zod';
import { StoreError } from '../core/index.js';
import { archSchema } from '../models/index.js';
import { transferMethods } from '../transfer/index.js';
import type { EpochRecord, MethodParams, NodeOutcome, SplitMetrics, SplitSettings } from '../core/index.js';
import type { ChainRecord, EventLevel, NodeRecord, RunEvent, RunLease, RunRecord, RunStatus, SweepRecord, SweepRunRecord } from './store-types.js';

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

/** A `runs` row → {@link RunRecord}. */
export const runRow = z
  .object({
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
  })
  .transform(
    (r): RunRecord => ({
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      status: r.status,
      command: r.command,
      config: r.config,
      dataset: { name: r.dataset_name, hash: r.dataset_hash },
      split: r.split,
      backend: r.backend,
      strategy: r.strategy,
      methods: r.methods,
      seeds: r.seeds,
      workers: r.workers,
      error: r.error,
    }),
  );

const nullableNumber = z.number().nullable();

const nodeColumns = z.object({
  run_id: z.string(),
  key: z.string(),
  parent_key: z.string().nullable(),
  role: z.enum(['root', 'scratch', 'intermediate', 'target']),
  method: z.string().refine((key) => key === 'root' || transferMethods.has(key), {
    message: `expected 'root' or a transfer method (${transferMethods.keys().join(', ')})`,
  }) as z.ZodType<NodeRecord['method']>,
  method_params: json(methodParamsSchema),
  arch: json(archSchema),
  arch_label: z.string(),
  params: count,
  flops: count,
  bytes: count,
  seed: z.number().int(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: count,
  failures: count,
  warning: z.string().nullable(),
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

// A diverged loss is stored as NULL (SQLite has no NaN) next to a real accuracy.
const metrics = (accuracy: number | null, loss: number | null): SplitMetrics | null =>
  accuracy === null ? null : { accuracy, loss: loss ?? NaN };

/** A `nodes` row (NODE_COLUMNS in sqlite-nodes.ts) → {@link NodeRecord}. */
export const nodeRow = nodeColumns.transform(
  (r): NodeRecord => ({
    runId: r.run_id,
    key: r.key,
    parentKey: r.parent_key,
    role: r.role,
    method: r.method,
    params: r.method_params,
    arch: r.arch,
    archLabel: r.arch_label,
    complexity: { params: r.params, flops: r.flops, bytes: r.bytes },
    seed: r.seed,
    status: r.status,
    attempts: r.attempts,
    failures: r.failures,
    warning: r.warning,
    train: metrics(r.train_accuracy, r.train_loss),
    validation: metrics(r.validation_accuracy, r.validation_loss),
    test: metrics(r.test_accuracy, r.test_loss),
    epochs: r.epochs,
    wallMs: r.wall_ms,
    history: r.history,
    hasWeights: r.has_weights === 1,
    error: r.error,
    workerId: r.worker_id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }),
);

/** The controller's view of a node → {@link NodeOutcome}: validation accuracy and complexity, nothing from test. */
export const outcomeRow = nodeColumns
  .pick({ key: true, status: true, validation_accuracy: true, params: true, flops: true, bytes: true, attempts: true })
  .transform(
    (r): NodeOutcome => ({
      key: r.key,
      status: r.status,
      validationAccuracy: r.validation_accuracy,
      complexity: { params: r.params, flops: r.flops, bytes: r.bytes },
      attempts: r.attempts,
    }),
  );

/** A node's weights columns; the BLOB stays a BLOB (blobToFloat32 names the row if it is bad). */
export const weightsRow = z
  .object({ weights: blob, weight_shapes: json(z.array(z.array(count))) })
  .transform((r) => ({ blob: r.weights, shapes: r.weight_shapes }));

/** A `teacher_signals` row, camelCased; the BLOBs stay BLOBs. */
export const signalRow = z
  .object({
    example_count: z.number().int().positive(),
    train_logits: blob.nullable(),
    probes: json(z.array(z.object({ layer: z.string(), validationAccuracy: z.number() }))),
    confidences: blob,
    validation_accuracy: nullableNumber,
  })
  .transform((r) => ({
    exampleCount: r.example_count,
    trainLogits: r.train_logits,
    probes: r.probes,
    confidences: r.confidences,
    validationAccuracy: r.validation_accuracy,
  }));

/** A `chains` row → {@link ChainRecord}. */
export const chainRow = z
  .object({
    kind: z.enum(['scratch', 'one-hop', 'multihop']),
    method: z.string(),
    node_keys: json(z.array(z.string()).min(1)),
    validation_accuracy: nullableNumber,
    test_accuracy: nullableNumber,
    details: json(z.record(z.unknown())),
  })
  .transform(
    (r): ChainRecord => ({
      kind: r.kind,
      method: r.method,
      nodeKeys: r.node_keys,
      validationAccuracy: r.validation_accuracy,
      testAccuracy: r.test_accuracy,
      details: r.details,
    }),
  );

/** A `run_events` row → {@link RunEvent}. */
export const eventRow = z
  .object({
    id: z.number().int(),
    run_id: z.string(),
    at: z.string(),
    level: z.enum(['info', 'warn', 'error']) as z.ZodType<EventLevel>,
    message: z.string(),
    data: json(z.unknown()).nullable(),
  })
  .transform((r): RunEvent => ({ id: r.id, runId: r.run_id, at: r.at, level: r.level, message: r.message, data: r.data }));

/** A `run_leases` row → {@link RunLease}. */
export const leaseRow = z
  .object({ pid: z.number().int().positive(), host: z.string(), heartbeat_at: z.string() })
  .transform((r): RunLease => ({ pid: r.pid, host: r.host, heartbeatAt: r.heartbeat_at }));

/** A `sweeps` row → {@link SweepRecord}. */
export const sweepRow = z
  .object({
    id: z.string(),
    name: z.string(),
    spec: json(z.record(z.unknown())),
    spec_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 in hex'),
    created_at: z.string(),
  })
  .transform((r): SweepRecord => ({ id: r.id, name: r.name, spec: r.spec, specSha256: r.spec_sha256, createdAt: r.created_at }));

/** A `sweep_runs` row → {@link SweepRunRecord}. */
export const sweepRunRow = z
  .object({
    sweep_id: z.string(),
    position: count,
    flag_values: json(z.record(z.unknown())),
    run_id: z.string(),
    error: z.string().nullable(),
    updated_at: z.string(),
  })
  .transform(
    (r): SweepRunRecord => ({
      sweepId: r.sweep_id,
      position: r.position,
      values: r.flag_values,
      runId: r.run_id,
      error: r.error,
      updatedAt: r.updated_at,
    }),
  );

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

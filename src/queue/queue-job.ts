/**
 * What a hop job on the queue holds, and the schemas a worker checks it with before anything
 * runs: the hop spec by the same rules as a search-space file (the arch through its family's
 * schema, the method through the transfer registry and its own parameter check, training
 * settings), typed arrays where the hop job has them, and nothing else (strict objects).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { zodErrorMessage, type HopSpec, type MethodParams } from '../core/index.js';
import type { HopJob, HopJobResult } from '../hop/index.js';
import { archSchema } from '../models/index.js';
import { trainingSchema } from '../search/index.js';
import { transferMethods } from '../transfer/index.js';

/** This package's version; a job from another version is refused. */
export const PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The data of one BullMQ job: the hop job (wire-encoded, see wire-format.ts) and what it needs. */
export interface QueueJobData {
  /** The coordinator's package version. */
  version: string;
  /** Content hash of the prepared dataset the hop trains on (see queue-dataset.ts). */
  dataset: string;
  /** The hop job, typed arrays base64-encoded. */
  job: unknown;
}

/** A job's return value. */
export interface QueueJobReturn {
  version: string;
  /** The hop's result, typed arrays base64-encoded. */
  result: unknown;
}

const f32 = z.instanceof(Float32Array, { message: 'expected a float32 array' });
const finite = z.number().finite();
// A diverged hop's loss is NaN or infinite; the lifecycle flags it, so it must arrive as it is.
const loss = z.union([z.number(), z.nan()]);
const count = z.number().int().nonnegative();
const paramValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.number()), z.null()]);
const params = z.record(paramValue);
const weights = z.object({ shapes: z.array(z.array(count)), values: f32 }).strict();
const probe = z.object({ layer: z.string(), validationAccuracy: finite, trainTrueConfidence: f32 }).strict();
const teacherSignal = z.object({ trainLogits: f32, probes: z.array(probe) }).strict();
const studentScratch = z.object({ validationAccuracy: finite, trainTrueConfidence: f32 }).strict();
const nodeKey = z.string().regex(/^[0-9a-f]{16}$/, { message: 'expected a 16-hex-digit node key' });

let built: ReturnType<typeof buildSchemas> | undefined;
/** Built on first use: the registries are evaluated after this module. */
const schemas = () => (built ??= buildSchemas());

function buildSchemas() {
  const methodKeys: [string, ...string[]] = ['root', ...transferMethods.keysInOrder()];
  const hop = z
    .object({
      key: nodeKey,
      parentKey: nodeKey.nullable(),
      arch: archSchema,
      method: z.enum(methodKeys),
      params,
      seed: z.number().int().nonnegative(),
      role: z.enum(['root', 'scratch', 'intermediate', 'target']),
      studentScratchKey: nodeKey.optional(),
    })
    .strict();
  // The same rules as a space's `training` (tuning grids, weight decay, signal folds), every base setting present.
  const settings = trainingSchema.required({ maxEpochs: true, batchSize: true, learningRate: true, patience: true });
  const trainJob = z
    .object({
      kind: z.literal('train'),
      hop,
      settings,
      teacher: teacherSignal.optional(),
      studentScratch: studentScratch.optional(),
      teacherModel: z.object({ arch: archSchema, weights }).strict().optional(),
    })
    .strict();
  const signalJob = z
    .object({
      kind: z.literal('signal'),
      nodeKey,
      arch: archSchema,
      weights,
      seed: z.number().int().nonnegative(),
      probeEpochs: z.number().int().positive().optional(),
      crossFit: z.object({ folds: z.number().int().min(2).max(10), settings }).strict().optional(),
    })
    .strict();
  const metrics = z.object({ accuracy: finite, loss }).strict();
  const trainResult = z
    .object({
      kind: z.literal('train'),
      result: z
        .object({
          weights,
          train: metrics,
          validation: metrics,
          test: metrics,
          epochs: count,
          wallMs: z.number().nonnegative(),
          history: z.array(z.object({ epoch: count, loss, valLoss: loss, valAccuracy: loss }).passthrough()),
        })
        .passthrough(),
      params,
      studentScratch: studentScratch.optional(),
      workerId: z.string(),
    })
    .strict();
  const signalResult = z.object({ kind: z.literal('signal'), signal: teacherSignal }).strict();
  return {
    job: z.discriminatedUnion('kind', [trainJob, signalJob]),
    result: z.discriminatedUnion('kind', [trainResult, signalResult]),
    envelope: z.object({ version: z.string(), dataset: z.string().regex(/^[0-9a-f]{64}$/), job: z.unknown() }).strict(),
  };
}

/** Why a job was refused, as one line. */
function refusal(error: z.ZodError, value: unknown, where: string): string {
  return zodErrorMessage(error, value, where, 'job');
}

/** The envelope's form (version and dataset hash), before the version is compared. */
export function parseEnvelope(value: unknown, where: string): { ok: true; data: QueueJobData } | { ok: false; reason: string } {
  const parsed = schemas().envelope.safeParse(value);
  return parsed.success ? { ok: true, data: parsed.data as QueueJobData } : { ok: false, reason: refusal(parsed.error, value, where) };
}

/**
 * A decoded hop job, checked: its shape, its arch by the family's schema, its method by the
 * transfer registry and the method's own parameter rules.
 */
export function parseHopJob(value: unknown, where: string): { ok: true; job: HopJob } | { ok: false; reason: string } {
  const parsed = schemas().job.safeParse(value);
  if (!parsed.success) return { ok: false, reason: refusal(parsed.error, value, where) };
  const job = parsed.data as HopJob;
  if (job.kind === 'train' && job.hop.method !== 'root') {
    try {
      transferMethods.get(job.hop.method).validateParams(job.hop.params as MethodParams, `${where}: job.hop.params`);
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }
  return { ok: true, job };
}

/** A decoded result, checked before the coordinator records it. */
export function parseHopResult(value: unknown, where: string): { ok: true; result: HopJobResult } | { ok: false; reason: string } {
  const parsed = schemas().result.safeParse(value);
  return parsed.success ? { ok: true, result: parsed.data as HopJobResult } : { ok: false, reason: refusal(parsed.error, value, where) };
}

/** The job id: the node key with the job's kind and the dataset, never an attempt number, so a job is idempotent by node. */
export function queueJobId(job: HopJob, datasetHash: string): string {
  const dataset = datasetHash.slice(0, 16);
  return job.kind === 'train' ? `train-${job.hop.key}-${dataset}` : `signal-${job.nodeKey}-${job.probeEpochs ?? 0}-${dataset}`;
}

/** What a job line names: node key, arch label input and method. */
export function describeJob(job: HopJob): { nodeKey: string; arch: HopSpec['arch']; method: string } {
  return job.kind === 'train' ? { nodeKey: job.hop.key, arch: job.hop.arch, method: job.hop.method } : { nodeKey: job.nodeKey, arch: job.arch, method: 'signal' };
}

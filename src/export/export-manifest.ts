import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, invalidField, type Arch, type MethodParams, type TabularEncoding } from '../core/index.js';
import { familyKeys } from '../models/index.js';

/**
 * File names inside an exported model folder written by multihop itself. The model's own files
 * beside them are its family's (`FamilyRuntime.saveModel`; for networks a TF.js layers model,
 * `model.json` + `weights.bin`).
 */
export const EXPORT_FILES = {
  /** What multihop knows about the model: preprocessing and the chain that produced it. */
  manifest: 'multihop.json',
  /** The model as ONNX, written by `export --format onnx` instead of the family's files. */
  onnx: 'model.onnx',
} as const;

/** What the ONNX file of an `--format onnx` export takes and gives (src/onnx/onnx-graph.ts). */
export interface OnnxExportInfo {
  file: string;
  /** The graph input: float32 [N, features], named `features`. */
  input: { name: string; shape: Array<number | string>; description: string };
  /** The graph outputs: `probabilities` float32 [N, classes], and `label` int64 [N] for tree models. */
  outputs: Array<{ name: string; type: 'float' | 'int64'; shape: Array<number | string> }>;
  /** Operator sets the file imports ('' is the standard ONNX domain). */
  opsets: Array<{ domain: string; version: number }>;
}

/** One model of the chain that produced an exported model, root first. */
export interface ExportedChainLink {
  key: string;
  archLabel: string;
  /** null for a root that is the user's own model (`--teacher`): the run built no arch for it. */
  arch: Arch | null;
  params: number;
  /** How this node was trained from the previous one ('root' for the complex model). */
  method: string;
  methodParams: MethodParams;
  seed: number;
  validationAccuracy: number | null;
  testAccuracy: number | null;
}

/** The `multihop.json` written beside the model's files. */
export interface ExportManifest {
  format: 'multihop-model';
  version: 1;
  runId: string;
  nodeKey: string;
  arch: Arch;
  archLabel: string;
  params: number;
  /**
   * The family's files output logits (apply softmax for probabilities; argmax is the class either
   * way); an ONNX export outputs probabilities.
   */
  output: 'logits' | 'probabilities';
  /** 'onnx' for an `--format onnx` export (then see `onnx`); absent for the family's own files. */
  modelFormat?: 'onnx';
  onnx?: OnnxExportInfo;
  dataset: { name: string; hash: string };
  split: Record<string, unknown>;
  preprocessing: {
    /** Shape of one example after encoding, e.g. [numFeatures]. */
    exampleShape: number[];
    /** Names of the model's input features, in input order. */
    featureNames: string[];
    /** Per-feature (x − mean) / std applied after encoding; null when the run did not standardise. */
    standardisation: { mean: number[]; std: number[] } | null;
    /** How raw CSV columns become features; absent for image datasets (then columns = featureNames). */
    encoding?: TabularEncoding;
    classNames: string[];
  };
  metrics: { train: number | null; validation: number | null; test: number | null };
  chain: ExportedChainLink[];
  exportedAt: string;
}

const encodingSchema = z.object({
  labelColumn: z.string(),
  columns: z.array(
    z.union([
      z.object({ name: z.string(), kind: z.literal('numeric'), fill: z.number() }),
      z.object({ name: z.string(), kind: z.literal('categorical'), categories: z.array(z.string()) }),
    ]),
  ),
});

const manifestSchema = z
  .object({
    format: z.literal('multihop-model'),
    version: z.literal(1),
    runId: z.string(),
    nodeKey: z.string(),
    modelFormat: z.literal('onnx').optional(),
    arch: z.object({ family: z.enum(familyKeys()) }).passthrough(),
    preprocessing: z.object({
      exampleShape: z.array(z.number().int().positive()),
      featureNames: z.array(z.string()),
      standardisation: z.object({ mean: z.array(z.number()), std: z.array(z.number()) }).nullable(),
      encoding: encodingSchema.optional(),
      classNames: z.array(z.string()).min(1),
    }),
  })
  .passthrough();

/** Reads and checks `multihop.json` of an exported model folder. */
export function readExportManifest(dir: string): ExportManifest {
  const path = join(dir, EXPORT_FILES.manifest);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read (${(error as Error).message}); --model must be a folder made by 'multihop export'`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${path}: ${invalidField(parsed.error)}; export the model again`);
  }
  const { standardisation, featureNames } = parsed.data.preprocessing;
  if (standardisation && (standardisation.mean.length !== featureNames.length || standardisation.std.length !== featureNames.length)) {
    throw new ConfigError(`${path}: preprocessing.standardisation has ${standardisation.mean.length} means for ${featureNames.length} features`);
  }
  return parsed.data as unknown as ExportManifest;
}

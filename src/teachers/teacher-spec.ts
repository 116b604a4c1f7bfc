/**
 * What the user says about their own model (`--teacher` and its flags): a plain object stored with
 * the run's config, so a resumed run knows its root is external without reading the flags again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/index.js';

/** An external root: the user's model, never trained by the run. */
export interface TeacherSpec {
  /**
   * `onnx`: a `.onnx` model run with ONNX Runtime (wasm); `tfjs`: a TF.js layers model (a folder
   * with `model.json` and its weight files, or that `model.json`); `predictions`: a CSV of
   * per-row class probabilities.
   */
  kind: 'onnx' | 'tfjs' | 'predictions';
  path: string;
  /**
   * sha256 of the file when the run started (for `tfjs`: of `model.json` then each weight file
   * in manifest order): a resumed run refuses a changed teacher.
   */
  sha256: string;
  /** What a model teacher (ONNX, TF.js) is fed: the dataset's feature columns as they are (`raw`) or standardised as the run does. */
  input: 'raw' | 'standardized';
  /** What its outputs are; absent: detected (rows in [0,1] summing to 1 within 1e-4 are probabilities). */
  output?: 'logits' | 'probabilities';
  /** Class of each output, in output order; absent: the dataset's class names in sorted order. */
  classes?: string[];
  /** Id column shared by the dataset and a predictions CSV; absent: rows align by order. */
  idColumn?: string;
  /**
   * Hidden representations probed for ProfWeight/SRatio, in the given order: extra named outputs
   * of an ONNX graph, or layer names of a TF.js model. Absent: the output is the only probe.
   */
  probes?: string[];
}

/** The `--teacher*` flags as the CLI passes them. */
export interface TeacherRequest {
  teacher?: string;
  teacherInput?: string;
  teacherOutput?: string;
  teacherClasses?: string[];
  teacherProbes?: string[];
  id?: string;
}

export const teacherSpecSchema = z.object({
  kind: z.enum(['onnx', 'tfjs', 'predictions']),
  path: z.string(),
  sha256: z.string(),
  input: z.enum(['raw', 'standardized']),
  output: z.enum(['logits', 'probabilities']).optional(),
  classes: z.array(z.string()).optional(),
  idColumn: z.string().optional(),
  probes: z.array(z.string()).optional(),
});

function readTeacherFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(
      `--teacher ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give an existing .onnx model, TF.js model folder or predictions .csv`,
      { cause: error },
    );
  }
}

/** The `model.json` of a TF.js teacher given as its folder or as that file. */
export function tfjsModelJson(path: string): string {
  return basename(path).toLowerCase() === 'model.json' ? path : join(path, 'model.json');
}

/** The weight files a TF.js `model.json` names, in manifest order, as paths beside it. */
export function tfjsWeightFiles(modelJson: string, bytes: Buffer = readTeacherFile(modelJson)): string[] {
  let manifest: Array<{ paths?: unknown }>;
  try {
    manifest = (JSON.parse(bytes.toString('utf8')) as { weightsManifest?: Array<{ paths?: unknown }> }).weightsManifest ?? [];
  } catch (error) {
    throw new ConfigError(`--teacher ${modelJson}: not JSON (${(error as Error).message}); give the model.json of a TF.js layers model`, { cause: error });
  }
  return manifest.flatMap((group) => (Array.isArray(group.paths) ? group.paths.map((file) => join(dirname(modelJson), String(file))) : []));
}

/**
 * sha256 (hex) of a teacher: its file, or for a TF.js model its `model.json` followed by each
 * weight file (so a changed shard is noticed); a missing file is a config error naming it.
 */
export function teacherHash(kind: TeacherSpec['kind'], path: string): string {
  const hash = createHash('sha256');
  if (kind !== 'tfjs') return hash.update(readTeacherFile(path)).digest('hex');
  const modelJson = tfjsModelJson(path);
  const bytes = readTeacherFile(modelJson);
  hash.update(bytes);
  for (const file of tfjsWeightFiles(modelJson, bytes)) hash.update(readTeacherFile(file));
  return hash.digest('hex');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function kindOf(path: string): TeacherSpec['kind'] {
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') return 'onnx';
  if (ext === '.csv') return 'predictions';
  if (isFolder(path) || basename(path).toLowerCase() === 'model.json') return 'tfjs';
  throw new ConfigError(`--teacher ${path}: expected a .onnx model or a predictions .csv, found '${ext || 'no extension'}' (or a TF.js model: its folder or model.json)`);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${flag}: expected ${allowed.join(' or ')}, got '${value}'`);
  return value as T;
}

/** The teacher spec of a request, or undefined without `--teacher`; flags that need one are refused alone. */
export function resolveTeacherSpec(request: TeacherRequest): TeacherSpec | undefined {
  if (request.teacher === undefined) {
    for (const [flag, value] of [['--teacher-input', request.teacherInput], ['--teacher-output', request.teacherOutput], ['--teacher-classes', request.teacherClasses], ['--teacher-probes', request.teacherProbes], ['--id', request.id]] as const) {
      if (value !== undefined) throw new ConfigError(`${flag} applies to an external model: add --teacher <model.onnx|model folder|predictions.csv>`);
    }
    return undefined;
  }
  const kind = kindOf(request.teacher);
  const input = oneOf('--teacher-input', request.teacherInput, ['raw', 'standardized'] as const) ?? 'raw';
  const output = oneOf('--teacher-output', request.teacherOutput, ['logits', 'probabilities'] as const);
  if (kind === 'predictions' && request.teacherInput !== undefined) {
    throw new ConfigError(`--teacher-input applies to a model the run queries; ${request.teacher} is a predictions file`);
  }
  const classes = request.teacherClasses;
  if (classes !== undefined && (classes.length === 0 || new Set(classes).size !== classes.length)) {
    throw new ConfigError(`--teacher-classes: expected distinct class names separated by commas, got '${classes.join(',')}'`);
  }
  const probes = request.teacherProbes;
  if (probes !== undefined) {
    if (kind === 'predictions') throw new ConfigError(`--teacher-probes names hidden outputs of a model the run queries; ${request.teacher} is a predictions file`);
    if (probes.length === 0 || probes.some((p) => p === '') || new Set(probes).size !== probes.length) {
      throw new ConfigError(`--teacher-probes: expected distinct output or layer names separated by commas, got '${probes.join(',')}'`);
    }
  }
  if (request.id !== undefined && request.id.trim() === '') throw new ConfigError('--id: expected a column name, got an empty string');
  return {
    kind,
    path: request.teacher,
    sha256: teacherHash(kind, request.teacher),
    input,
    ...(output ? { output } : {}),
    ...(classes ? { classes: [...classes] } : {}),
    ...(request.id !== undefined ? { idColumn: request.id } : {}),
    ...(probes ? { probes: [...probes] } : {}),
  };
}

/** A short label for reports: the kind and the file name. */
export function teacherLabel(spec: TeacherSpec): string {
  const parts = spec.path.split(/[\\/]/).filter((part) => part !== '');
  // A TF.js model is named by its folder: "model.json" alone says nothing.
  const name = spec.kind === 'tfjs' && parts.length > 1 && parts[parts.length - 1].toLowerCase() === 'model.json' ? parts[parts.length - 2] : parts.pop();
  return `${spec.kind} ${name}`;
}

/**
 * What the user says about their own model (`--teacher` and its flags): a plain object stored with
 * the run's config, so a resumed run knows its root is external without reading the flags again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/index.js';

/** An external root: the user's model, never trained by the run. */
export interface TeacherSpec {
  /** `onnx`: a `.onnx` model run with ONNX Runtime (wasm); `predictions`: a CSV of per-row class probabilities. */
  kind: 'onnx' | 'predictions';
  path: string;
  /** sha256 of the file when the run started: a resumed run refuses a changed teacher. */
  sha256: string;
  /** What an ONNX teacher is fed: the dataset's feature columns as they are (`raw`) or standardised as the run does. */
  input: 'raw' | 'standardized';
  /** What its outputs are; absent: detected (rows in [0,1] summing to 1 within 1e-4 are probabilities). */
  output?: 'logits' | 'probabilities';
  /** Class of each output, in output order; absent: the dataset's class names in sorted order. */
  classes?: string[];
  /** Id column shared by the dataset and a predictions CSV; absent: rows align by order. */
  idColumn?: string;
}

/** The `--teacher*` flags as the CLI passes them. */
export interface TeacherRequest {
  teacher?: string;
  teacherInput?: string;
  teacherOutput?: string;
  teacherClasses?: string[];
  id?: string;
}

export const teacherSpecSchema = z.object({
  kind: z.enum(['onnx', 'predictions']),
  path: z.string(),
  sha256: z.string(),
  input: z.enum(['raw', 'standardized']),
  output: z.enum(['logits', 'probabilities']).optional(),
  classes: z.array(z.string()).optional(),
  idColumn: z.string().optional(),
});

/** sha256 (hex) of a teacher file; a missing file is a config error naming it. */
export function teacherFileHash(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ConfigError(`--teacher ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give an existing .onnx model or predictions .csv`, { cause: error });
  }
  return createHash('sha256').update(bytes).digest('hex');
}

function kindOf(path: string): TeacherSpec['kind'] {
  const ext = extname(path).toLowerCase();
  if (ext === '.onnx') return 'onnx';
  if (ext === '.csv') return 'predictions';
  throw new ConfigError(`--teacher ${path}: expected a .onnx model or a predictions .csv, found '${ext || 'no extension'}'`);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`${flag}: expected ${allowed.join(' or ')}, got '${value}'`);
  return value as T;
}

/** The teacher spec of a request, or undefined without `--teacher`; flags that need one are refused alone. */
export function resolveTeacherSpec(request: TeacherRequest): TeacherSpec | undefined {
  if (request.teacher === undefined) {
    for (const [flag, value] of [['--teacher-input', request.teacherInput], ['--teacher-output', request.teacherOutput], ['--teacher-classes', request.teacherClasses], ['--id', request.id]] as const) {
      if (value !== undefined) throw new ConfigError(`${flag} applies to an external model: add --teacher <model.onnx|predictions.csv>`);
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
  if (request.id !== undefined && request.id.trim() === '') throw new ConfigError('--id: expected a column name, got an empty string');
  return {
    kind,
    path: request.teacher,
    sha256: teacherFileHash(request.teacher),
    input,
    ...(output ? { output } : {}),
    ...(classes ? { classes: [...classes] } : {}),
    ...(request.id !== undefined ? { idColumn: request.id } : {}),
  };
}

/** A short label for reports: the kind and the file name. */
export function teacherLabel(spec: TeacherSpec): string {
  return `${spec.kind === 'onnx' ? 'onnx' : 'predictions'} ${spec.path.split(/[\\/]/).pop()}`;
}

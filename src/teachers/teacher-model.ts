/**
 * A teacher the run can query (the user's ONNX or TF.js model), whatever runs it: rows in, the
 * raw output out, plus the hidden representations named by `--teacher-probes`.
 */
import type { TeacherSpec } from './teacher-spec.js';

/** Rows to run the teacher on: count × width float32, row-major. */
export interface TeacherRows {
  features: Float32Array;
  count: number;
}

/** A row-major count × columns block of a teacher's values. */
export interface TeacherValues {
  values: Float32Array;
  columns: number;
}

/** An open model teacher: what it takes and gives, and a query on rows. */
export interface ModelTeacher {
  /** Feature count of the input (null when the model leaves it symbolic). */
  readonly inputWidth: number | null;
  /** Trainable values of the model when it can tell (TF.js); null: unknown (ONNX). */
  readonly params: number | null;
  /**
   * Raw outputs per row (count × columns) and, in the order of the probe names the teacher
   * was opened with, each probed representation flattened per row.
   */
  run(rows: TeacherRows, width: number): Promise<{ output: TeacherValues; probes: TeacherValues[] }>;
  close(): Promise<void>;
}

/**
 * Opens the model of `spec` (ONNX or TF.js) with its probes.
 * @throws DataError when the model cannot be loaded or a probe name is not one of its outputs or layers
 */
export async function openModelTeacher(spec: TeacherSpec): Promise<ModelTeacher> {
  const probes = spec.probes ?? [];
  if (spec.kind === 'onnx') return (await import('./onnx-teacher.js')).openOnnxTeacher(spec.path, probes);
  if (spec.kind === 'tfjs') return (await import('./tfjs-teacher.js')).openTfjsTeacher(spec.path, probes);
  throw new Error(`teacher ${spec.path} is a predictions file, not a model (a caller bug)`);
}

/** Every row of `rows` flattened: a tensor [count, ...] becomes count × (product of the rest). */
export function flattenRows(values: Float32Array, count: number): TeacherValues {
  return { values, columns: count > 0 ? values.length / count : 0 };
}

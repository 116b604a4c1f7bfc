/**
 * A teacher's raw outputs (one row per example, one column per output) made into class
 * probabilities in the dataset's class order: the class order is checked or given
 * (`--teacher-classes`), and logits are told from probabilities by their rows.
 */
import { DataError } from '../core/index.js';

/** How far a probability row's sum may be from 1. */
export const PROBABILITY_SUM_TOLERANCE = 1e-4;

/** Whether every row lies in [0, 1] and sums to 1 within {@link PROBABILITY_SUM_TOLERANCE}. */
export function looksLikeProbabilities(values: Float32Array, classes: number): boolean {
  for (let row = 0; row < values.length; row += classes) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const v = values[row + c];
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) return false;
  }
  return true;
}

function softmaxRows(values: Float32Array, classes: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let row = 0; row < values.length; row += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, values[row + c]);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[row + c] = Math.exp(values[row + c] - max);
    for (let c = 0; c < classes; c++) out[row + c] /= sum;
  }
  return out;
}

/**
 * For each teacher output, the index of its class among `classNames`; `given` is the
 * `--teacher-classes` order, else the outputs follow `classNames` (sorted) as they are.
 * @throws DataError naming both lists when the names differ
 */
export function outputClassOrder(classNames: readonly string[], given: readonly string[] | undefined, source: string): number[] {
  if (given === undefined) return classNames.map((_, i) => i);
  const missing = classNames.filter((name) => !given.includes(name));
  const unknown = given.filter((name) => !classNames.includes(name));
  if (missing.length > 0 || unknown.length > 0) {
    throw new DataError(
      `${source}: class names differ: expected ${classNames.join(',')} (the dataset's), found ${given.join(',')}; name each dataset class once`,
    );
  }
  return given.map((name) => classNames.indexOf(name));
}

export interface TeacherOutputOptions {
  classNames: readonly string[];
  /** `--teacher-classes`, when given. */
  classes?: readonly string[];
  /** `--teacher-output`; absent: detected. */
  output?: 'logits' | 'probabilities';
  /** Names the teacher in messages. */
  source: string;
}

/**
 * Class probabilities, count × classNames.length in dataset class order, from `values`
 * (count × outputs). What the outputs were read as is returned with them.
 * @throws DataError when the output count is not the class count, or outputs said to be probabilities are not
 */
export function teacherProbabilities(
  values: Float32Array,
  outputs: number,
  options: TeacherOutputOptions,
): { probabilities: Float32Array; readAs: 'logits' | 'probabilities' } {
  const classes = options.classNames.length;
  if (outputs !== classes) {
    throw new DataError(
      `${options.source}: expected ${classes} outputs per row (classes ${options.classNames.join(',')}), found ${outputs}; give a model or file with one output per class`,
    );
  }
  const order = outputClassOrder(options.classNames, options.classes, options.source);
  const probabilityRows = looksLikeProbabilities(values, classes);
  const readAs = options.output ?? (probabilityRows ? 'probabilities' : 'logits');
  if (readAs === 'probabilities' && !probabilityRows) {
    throw new DataError(
      `${options.source}: outputs were said to be probabilities but some row is outside [0, 1] or does not sum to 1 (±${PROBABILITY_SUM_TOLERANCE}); use --teacher-output logits`,
    );
  }
  const inOutputOrder = readAs === 'probabilities' ? values : softmaxRows(values, classes);
  const probabilities = new Float32Array(values.length);
  for (let row = 0; row < values.length; row += classes) {
    for (let o = 0; o < classes; o++) probabilities[row + order[o]] = inOutputOrder[row + o];
  }
  return { probabilities, readAs };
}

/**
 * Extra training rows (model compression's teacher-labelled synthetic rows, `TrainInputs.extraRows`)
 * appended to the rows a pure-TypeScript family fits: each with its own target distribution and
 * weight 1, its label the argmax of its target (first class on ties).
 */
import { ConfigError, DataError, type ExtraRows, type TrainInputs } from '../core/index.js';
import { argmaxRow } from './class-targets.js';
import type { TrainingRows } from './fit-inputs.js';

/** How far a target row's sum may be from 1 (float32 probabilities). */
const SUM_TOLERANCE = 1e-3;

/**
 * Checks that `extra` holds `width` features and a distribution over `classes` per row.
 * @throws DataError naming the first wrong value
 */
export function checkExtraRows(extra: ExtraRows, width: number, classes: number): void {
  const { features, count, targets } = extra;
  if (!Number.isInteger(count) || count < 0 || features.length !== count * width || targets.length !== count * classes) {
    throw new DataError(
      `extra rows: ${features.length} features and ${targets.length} targets do not make ${count} rows of ${width} features and ${classes} classes`,
    );
  }
  for (let i = 0; i < features.length; i++) {
    if (!Number.isFinite(features[i])) throw new DataError(`extra row ${Math.floor(i / width)}: feature ${i % width} is ${features[i]}`);
  }
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const q = targets[i * classes + c];
      if (!(q >= 0) || !Number.isFinite(q)) throw new DataError(`extra row ${i}: target ${c} is ${q}; targets must be finite and ≥ 0`);
      sum += q;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE) throw new DataError(`extra row ${i}: targets sum to ${sum}, not 1`);
  }
}

/**
 * Refuses extra rows with inputs they cannot be trained with: KD soft targets describe the real
 * rows only, so a KD loss has no teacher term for an extra row.
 */
export function checkExtraRowsCombination(inputs: TrainInputs): void {
  if (inputs.extraRows && inputs.softTargets) {
    throw new ConfigError('transfer inputs give both extra rows and KD soft targets; a method sets one or the other');
  }
}

/** `rows` followed by `inputs.extraRows` (weight 1, their own targets); `rows` itself when there are none. */
export function withExtraRows(rows: TrainingRows, inputs: TrainInputs, width: number, classes: number): TrainingRows {
  const extra = inputs.extraRows;
  if (!extra) return rows;
  checkExtraRowsCombination(inputs);
  checkExtraRows(extra, width, classes);
  const count = rows.count + extra.count;
  const features = new Float32Array(count * width);
  features.set(rows.features.subarray(0, rows.count * width));
  features.set(extra.features, rows.count * width);
  const labels = new Int32Array(count);
  labels.set(rows.labels.subarray(0, rows.count));
  for (let i = 0; i < extra.count; i++) labels[rows.count + i] = argmaxRow(extra.targets, i * classes, classes);
  const weights = new Float64Array(count).fill(1);
  weights.set(rows.weights.subarray(0, rows.count));
  const targets = new Float64Array(count * classes);
  targets.set(rows.targets.subarray(0, rows.count * classes));
  targets.set(extra.targets, rows.count * classes);
  return { features, labels, count, weights, targets };
}

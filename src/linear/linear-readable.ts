/**
 * A multinomial logistic regression as a coefficient table in the data's own units. The model
 * was fitted on standardised features x' = (x − mean) / std, so per original unit the coefficient
 * is w / std and the intercept b − Σ w·mean / std: score_c(x) = intercept_c + Σ_i coef_ic · x_i,
 * and the class with the highest score wins (softmax of the scores gives the probabilities).
 */
import type { ModelWeights } from '../core/index.js';
import type { ReadableFeatures } from '../models/index.js';

const number = (x: number): string => Number.parseFloat(x.toPrecision(5)).toString();

/** Per original unit: one coefficient per class for every feature, and the intercepts. */
export interface RawCoefficients {
  rows: Array<{ name: string; coefficients: number[] }>;
  intercept: number[];
}

/** The model's coefficients converted to the data's units (see the file comment). */
export function rawCoefficients(weights: ModelWeights, features: ReadableFeatures): RawCoefficients {
  const classes = features.classNames.length;
  const width = features.names.length;
  const intercept = Array.from({ length: classes }, (_, c) => weights.values[width * classes + c]);
  const rows = features.names.map((name, i) => {
    const mean = features.raw(i, 0);
    const std = features.raw(i, 1) - mean;
    const coefficients = Array.from({ length: classes }, (_, c) => weights.values[i * classes + c] / std);
    coefficients.forEach((coef, c) => (intercept[c] -= coef * mean));
    return { name, coefficients };
  });
  return { rows, intercept };
}

/** Rows `feature | class 1 | class 2 …`, features by largest absolute coefficient first, intercept last. */
export function linearCoefficients(weights: ModelWeights, features: ReadableFeatures): string {
  const { rows, intercept } = rawCoefficients(weights, features);
  const sorted = [...rows].sort((a, b) => Math.max(...b.coefficients.map(Math.abs)) - Math.max(...a.coefficients.map(Math.abs)));
  const table = [
    ['feature', ...features.classNames],
    ...sorted.map((r) => [r.name, ...r.coefficients.map(number)]),
    ['(intercept)', ...intercept.map(number)],
  ];
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => row[col].length)));
  const lines = table.map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
  return [
    'score of a class = its intercept + Σ coefficient × feature value (original units); the highest score wins',
    ...lines,
  ].join('\n');
}

/**
 * Multinomial logistic regression as numbers: the [features + 1, classes] weight matrix (last row
 * the intercepts), its class probabilities, and the training objective with its gradient.
 *
 *   f(W, b) = (1/Σ_i w_i)·Σ_i w_i·(−Σ_c q_ic·log softmax(x_i·W + b)_c) + (l2/2)·‖W‖²
 *
 * with q_i the row's target distribution (one-hot or the KD mixture, class-targets.ts) and w_i its
 * weight. Intercepts b are not penalised. With unit weights this is scikit-learn's
 * LogisticRegression objective divided by C·n, so l2 = 1/(C·n) gives the same minimiser.
 */
import { DataError, type ModelWeights } from '../core/index.js';
import { logSumExp, softmaxRow } from '../fit/index.js';

/** Weights as a float32 [features + 1, classes] matrix in ModelWeights. */
export function packLinear(parameters: Float64Array, features: number, classes: number): ModelWeights {
  return { shapes: [[features + 1, classes]], values: Float32Array.from(parameters) };
}

/**
 * Checks that `weights` is one [features + 1, classes] matrix.
 * @throws DataError naming the shape found
 */
export function checkLinearWeights(weights: ModelWeights, features: number, classes: number): void {
  const shape = weights.shapes[0] ?? [];
  if (weights.shapes.length !== 1 || shape[0] !== features + 1 || shape[1] !== classes || weights.values.length !== (features + 1) * classes) {
    throw new DataError(
      `linear weights have shapes ${JSON.stringify(weights.shapes)}; expected one [${features + 1}, ${classes}] matrix (features + 1 rows, the last the intercepts)`,
    );
  }
}

/** Raw scores (count × classes, float64) of rows under the [features + 1, classes] matrix `w`. */
export function linearScores(w: ArrayLike<number>, features: Float32Array, count: number, width: number, classes: number): Float64Array {
  const scores = new Float64Array(count * classes);
  const intercepts = width * classes;
  for (let i = 0; i < count; i++) {
    const out = i * classes;
    for (let c = 0; c < classes; c++) scores[out + c] = w[intercepts + c];
    for (let f = 0; f < width; f++) {
      const x = features[i * width + f];
      if (x === 0) continue;
      const row = f * classes;
      for (let c = 0; c < classes; c++) scores[out + c] += x * w[row + c];
    }
  }
  return scores;
}

/** Softmax probabilities (float32) of rows under `w`. */
export function linearProbabilities(w: ArrayLike<number>, features: Float32Array, count: number, width: number, classes: number): Float32Array {
  const scores = linearScores(w, features, count, width, classes);
  for (let i = 0; i < count; i++) softmaxRow(scores, i * classes, classes);
  return Float32Array.from(scores);
}

/** The rows, weights and targets the objective is computed on. */
export interface LinearProblem {
  features: Float32Array;
  count: number;
  width: number;
  classes: number;
  weights: Float64Array;
  targets: Float64Array;
  l2: number;
}

/** The objective f above; fills `gradient` (same layout as the weight matrix). */
export function linearObjective(problem: LinearProblem, w: Float64Array, gradient: Float64Array): number {
  const { features, count, width, classes, weights, targets, l2 } = problem;
  const scores = linearScores(w, features, count, width, classes);
  gradient.fill(0);
  let totalWeight = 0;
  for (let i = 0; i < count; i++) totalWeight += weights[i];
  let loss = 0;
  const intercepts = width * classes;
  const residual = new Float64Array(classes);
  for (let i = 0; i < count; i++) {
    const out = i * classes;
    const logNormaliser = logSumExp(scores, out, classes);
    const share = weights[i] / totalWeight;
    // −Σ q_c log p_c = logsumexp(z) − Σ q_c z_c, since Σ q_c = 1; its gradient in z is p − q.
    let rowLoss = logNormaliser;
    for (let c = 0; c < classes; c++) {
      const q = targets[out + c];
      rowLoss -= q * scores[out + c];
      residual[c] = share * (Math.exp(scores[out + c] - logNormaliser) - q);
      gradient[intercepts + c] += residual[c];
    }
    loss += share * rowLoss;
    for (let f = 0; f < width; f++) {
      const x = features[i * width + f];
      if (x === 0) continue;
      const row = f * classes;
      for (let c = 0; c < classes; c++) gradient[row + c] += x * residual[c];
    }
  }
  let penalty = 0;
  for (let j = 0; j < intercepts; j++) {
    penalty += w[j] * w[j];
    gradient[j] += l2 * w[j];
  }
  return loss + 0.5 * l2 * penalty;
}

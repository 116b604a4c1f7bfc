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
import { softmaxRow } from '../fit/index.js';
import { accumulateGradient, scoreRows, transposeCoefficients } from './linear-kernels.js';

/** Rows scored per pass of the objective (a multiple of 4): their features stay in L1 between scoring and the gradient. */
const ROW_BLOCK = 32;

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
  const coefficients = transposeCoefficients(w, width, classes, new Float64Array(width * classes));
  scoreRows(features, width, coefficients, w, width * classes, classes, 0, count, scores);
  return scores;
}

/** Softmax probabilities (float32) of rows under `w`. */
export function linearProbabilities(w: ArrayLike<number>, features: Float32Array, count: number, width: number, classes: number): Float32Array {
  const scores = linearScores(w, features, count, width, classes);
  for (let i = 0; i < count; i++) softmaxRow(scores, i * classes, classes);
  return new Float32Array(scores);
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
  return linearObjectiveFor(problem)(w, gradient);
}

/**
 * {@link linearObjective} on one problem as a function of the weights, its buffers allocated once:
 * what the solver calls at every step.
 */
export function linearObjectiveFor(problem: LinearProblem): (w: Float64Array, gradient: Float64Array) => number {
  const { features, count, width, classes, weights, targets, l2 } = problem;
  let totalWeight = 0;
  for (let i = 0; i < count; i++) totalWeight += weights[i];
  const shares = Float64Array.from(weights, (weight) => weight / totalWeight);
  const intercepts = width * classes;
  const coefficients = new Float64Array(intercepts);
  const coefficientGradient = new Float64Array(intercepts);
  const exps = new Float64Array(classes);
  const block = Math.min(count, ROW_BLOCK);
  const scores = new Float64Array(block * classes);
  return (w, gradient) => {
    transposeCoefficients(w, width, classes, coefficients);
    coefficientGradient.fill(0);
    gradient.fill(0);
    let loss = 0;
    for (let from = 0; from < count; from += block) {
      const to = Math.min(count, from + block);
      scoreRows(features, width, coefficients, w, intercepts, classes, from, to, scores);
      loss = softmaxResiduals(scores, targets, shares, classes, from, to, exps, gradient, intercepts, loss);
      accumulateGradient(features, width, scores, classes, from, to, coefficientGradient);
    }
    let penalty = 0;
    for (let f = 0; f < width; f++) {
      for (let c = 0; c < classes; c++) {
        const j = f * classes + c;
        penalty += w[j] * w[j];
        gradient[j] = coefficientGradient[c * width + f] + l2 * w[j];
      }
    }
    return loss + 0.5 * l2 * penalty;
  };
}

/**
 * For rows [from, to) whose scores start `scores` (row i at (i − from)·classes): replaces each
 * score by the row's residual share_i·(p_i − q_i), adds the residuals to the intercept gradient at
 * `gradient[interceptOffset + c]`, and returns `lossSoFar` + Σ_i share_i·(−Σ_c q_ic·log p_ic),
 * added row by row. A plain function
 * rather than part of the objective's closure, which V8 optimises less well.
 */
function softmaxResiduals(
  scores: Float64Array,
  targets: Float64Array,
  shares: Float64Array,
  classes: number,
  from: number,
  to: number,
  exps: Float64Array,
  gradient: Float64Array,
  interceptOffset: number,
  lossSoFar: number,
): number {
  let loss = lossSoFar;
  for (let i = from; i < to; i++) {
    const out = (i - from) * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) if (scores[out + c] > max) max = scores[out + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      exps[c] = Math.exp(scores[out + c] - max);
      sum += exps[c];
    }
    const logNormaliser = max + Math.log(sum);
    const share = shares[i];
    // −Σ q_c log p_c = logsumexp(z) − Σ q_c z_c, since Σ q_c = 1; its gradient in z is p − q.
    let rowLoss = logNormaliser;
    for (let c = 0; c < classes; c++) {
      const q = targets[i * classes + c];
      rowLoss -= q * scores[out + c];
      scores[out + c] = share * (exps[c] / sum - q);
      gradient[interceptOffset + c] += scores[out + c];
    }
    loss += share * rowLoss;
  }
  return loss;
}

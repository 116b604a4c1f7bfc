/**
 * Limited-memory BFGS (Liu & Nocedal 1989; the two-loop recursion of Nocedal & Wright, Numerical
 * Optimization, 2nd ed., Alg. 7.4) with a backtracking Armijo line search: a deterministic
 * full-batch minimiser for smooth convex objectives such as L2-regularised logistic regression.
 * Written here because no maintained, dependency-free npm package offers it for Float64Arrays.
 */

/** Fills `gradient` at `x` and returns the objective there. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Most iterations (each is one line search). */
  maxIterations: number;
  /** Converged when max_j |∂f/∂x_j| ≤ this. */
  gradientTolerance: number;
  /** Pairs (s, y) kept (default 10). */
  memory?: number;
  /** Called after every accepted step with the iteration number (from 1), objective and point (read only). */
  onIteration?: (iteration: number, value: number, x: Float64Array) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** True when the gradient tolerance was met (false: iteration cap, or no further decrease possible). */
  converged: boolean;
}

const ARMIJO = 1e-4;
const MAX_HALVINGS = 50;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/** Minimises `objective` from `start` (not modified). */
export function minimiseLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = start.length;
  const memory = options.memory ?? 10;
  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(memory);
  const direction = new Float64Array(n);
  let trialX = new Float64Array(n);
  let trialGradient = new Float64Array(n);

  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (maxAbs(gradient) <= options.gradientTolerance) return { x, value, iterations: iteration, converged: true };
    // Two-loop recursion: direction = −H·gradient.
    for (let j = 0; j < n; j++) direction[j] = -gradient[j];
    for (let k = s.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(s[k], direction);
      for (let j = 0; j < n; j++) direction[j] -= alpha[k] * y[k][j];
    }
    let step = 1;
    if (s.length > 0) {
      const last = s.length - 1;
      const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
      for (let j = 0; j < n; j++) direction[j] *= gamma;
    } else {
      // No curvature yet: a first step of unit length keeps the first trial in a sensible range.
      step = 1 / Math.sqrt(dot(direction, direction));
    }
    for (let k = 0; k < s.length; k++) {
      const beta = rho[k] * dot(y[k], direction);
      for (let j = 0; j < n; j++) direction[j] += s[k][j] * (alpha[k] - beta);
    }
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Curvature pairs gone stale (round-off): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let j = 0; j < n; j++) direction[j] = -gradient[j];
      slope = -dot(gradient, gradient);
      step = 1 / Math.sqrt(-slope);
    }

    let trialValue = Infinity;
    let halvings = 0;
    for (; halvings < MAX_HALVINGS; halvings++, step *= 0.5) {
      for (let j = 0; j < n; j++) trialX[j] = x[j] + step * direction[j];
      trialValue = objective(trialX, trialGradient);
      if (trialValue <= value + ARMIJO * step * slope) break;
    }
    if (halvings === MAX_HALVINGS) return { x, value, iterations: iteration, converged: false };

    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      sNew[j] = trialX[j] - x[j];
      yNew[j] = trialGradient[j] - gradient[j];
    }
    const curvature = dot(sNew, yNew);
    if (curvature > 1e-12 * dot(yNew, yNew)) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / curvature);
    }
    [x, trialX] = [trialX, x];
    [gradient, trialGradient] = [trialGradient, gradient];
    const previous = value;
    value = trialValue;
    options.onIteration?.(iteration + 1, value, x);
    // Nothing left to gain at double precision: stop rather than spin on round-off.
    if (previous - value <= 1e-15 * Math.max(1, Math.abs(value))) {
      return { x, value, iterations: iteration + 1, converged: maxAbs(gradient) <= options.gradientTolerance };
    }
  }
  return { x, value, iterations: options.maxIterations, converged: maxAbs(gradient) <= options.gradientTolerance };
}

// The linear objective by hand: at zero weights, cross-entropy log C and gradient mean(p − q)·x;
// example weights and soft targets enter as stated; the analytic gradient matches finite differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearObjective, type LinearProblem } from '../src/linear/linear-model.js';
import { targetDistribution } from '../src/fit/index.js';

// Two rows, one feature (x = 1, x = −2), two classes, labels 0 and 1.
const base: LinearProblem = {
  features: Float32Array.of(1, -2),
  count: 2,
  width: 1,
  classes: 2,
  weights: Float64Array.of(1, 1),
  targets: targetDistribution(Int32Array.of(0, 1), 2, 2),
  l2: 0.5,
};

test('at zero weights: loss log 2, gradient the weighted mean of (p − q)·x, intercepts unpenalised', () => {
  const gradient = new Float64Array(4);
  const w = new Float64Array(4);
  assert.ok(Math.abs(linearObjective(base, w, gradient) - Math.log(2)) < 1e-12);
  // p = ½ everywhere. Row 0: p − q = (−½, ½), x = 1; row 1: (½, −½), x = −2. Mean over 2 rows.
  const expected = [(-0.5 * 1 + 0.5 * -2) / 2, (0.5 * 1 - 0.5 * -2) / 2, 0, 0];
  gradient.forEach((g, j) => assert.ok(Math.abs(g - expected[j]) < 1e-12, `gradient ${j}: ${g} vs ${expected[j]}`));
});

test('example weights: weights (3, 1) make row 0 count three times', () => {
  const gradient = new Float64Array(4);
  linearObjective({ ...base, weights: Float64Array.of(3, 1) }, new Float64Array(4), gradient);
  assert.ok(Math.abs(gradient[0] - (3 * -0.5 * 1 + 1 * 0.5 * -2) / 4) < 1e-12);
});

test('soft targets: q = (1−α)·onehot + α·softmax(z/τ)', () => {
  const soft = { teacherLogits: Float32Array.of(0, 2 * Math.log(3), 0, 0), temperature: 2, alpha: 0.5 };
  // Row 0: teacher softmax(0, log 3) = (¼, ¾); row 1: (½, ½).
  const q = targetDistribution(Int32Array.of(0, 1), 2, 2, soft);
  [0.5 + 0.125, 0.375, 0.25, 0.5 + 0.25].forEach((v, j) => assert.ok(Math.abs(q[j] - v) < 1e-7, `q ${j}: ${q[j]} vs ${v}`));
});

test('the gradient matches central finite differences, L2 on coefficients included', () => {
  const w = Float64Array.of(0.3, -0.7, 0.2, 0.1);
  const gradient = new Float64Array(4);
  linearObjective(base, w, gradient);
  for (let j = 0; j < 4; j++) {
    const plus = Float64Array.from(w);
    const minus = Float64Array.from(w);
    plus[j] += 1e-6;
    minus[j] -= 1e-6;
    const numeric = (linearObjective(base, plus, new Float64Array(4)) - linearObjective(base, minus, new Float64Array(4))) / 2e-6;
    assert.ok(Math.abs(numeric - gradient[j]) < 1e-7, `parameter ${j}: ${gradient[j]} vs ${numeric}`);
  }
});

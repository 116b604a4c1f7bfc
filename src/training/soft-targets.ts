/**
 * The teacher's side of the KD loss (kd-loss.ts), computed once per training run on plain arrays:
 * softmax(z_T/τ) and its negative entropy Σ_c p_c·log p_c per row. Every step is rounded to
 * float32, in the order TF.js's logSoftmax takes (z/τ − max − log Σ exp(z/τ − max)), so these are
 * kd-loss.ts's teacherSoftTargets within a float's last bits (Math.exp and Math.log are not the
 * backend's), without a tensor: the fused step and the TF.js step both read these arrays.
 */
export interface SoftTargetArrays {
  /** softmax(z/τ), rows × classes. */
  probabilities: Float32Array;
  /** Σ_c p_c·log p_c per row. */
  negEntropy: Float32Array;
}

export function softTargetArrays(teacherLogits: Float32Array, rows: number, classes: number, temperature: number): SoftTargetArrays {
  const probabilities = new Float32Array(rows * classes);
  const negEntropy = new Float32Array(rows);
  const f = Math.fround;
  const shifted = new Float32Array(classes);
  // TF.js divides by τ as a float32 scalar.
  const tau = f(temperature);
  for (let i = 0; i < rows; i++) {
    const row = i * classes;
    let top = -Infinity;
    for (let c = 0; c < classes; c++) {
      shifted[c] = f(teacherLogits[row + c] / tau);
      top = Math.max(top, shifted[c]);
    }
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      shifted[c] = f(shifted[c] - top);
      sum = f(sum + f(Math.exp(shifted[c])));
    }
    const logSum = f(Math.log(sum));
    let entropy = 0;
    for (let c = 0; c < classes; c++) {
      const logP = f(shifted[c] - logSum);
      const p = f(Math.exp(logP));
      probabilities[row + c] = p;
      entropy = f(entropy + f(p * logP));
    }
    negEntropy[i] = entropy;
  }
  return { probabilities, negEntropy };
}

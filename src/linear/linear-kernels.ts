/**
 * The two dense products of a linear model's fit, blocked four rows at a time: each coefficient
 * (or gradient entry) loaded once serves four rows, which on V8 runs about twice as fast as one
 * row at a time (measured on satellite, 3862 × 36 × 6). Coefficients are stored transposed,
 * classes × features, so every inner loop walks contiguous memory.
 */

/**
 * out[(i − from)·classes + c] = intercepts[c] + Σ_f x_if·coefficients[c·width + f] for rows
 * i in [from, to) of the row-major `features`.
 */
export function scoreRows(
  features: Float32Array,
  width: number,
  coefficients: Float64Array,
  intercepts: ArrayLike<number>,
  interceptOffset: number,
  classes: number,
  from: number,
  to: number,
  out: Float64Array,
): void {
  let i = from;
  for (; i + 3 < to; i += 4) {
    const x0 = i * width;
    const x1 = x0 + width;
    const x2 = x1 + width;
    const x3 = x2 + width;
    const o = (i - from) * classes;
    for (let c = 0; c < classes; c++) {
      const b = intercepts[interceptOffset + c];
      let s0 = b;
      let s1 = b;
      let s2 = b;
      let s3 = b;
      const column = c * width;
      for (let f = 0; f < width; f++) {
        const w = coefficients[column + f];
        s0 += features[x0 + f] * w;
        s1 += features[x1 + f] * w;
        s2 += features[x2 + f] * w;
        s3 += features[x3 + f] * w;
      }
      out[o + c] = s0;
      out[o + classes + c] = s1;
      out[o + 2 * classes + c] = s2;
      out[o + 3 * classes + c] = s3;
    }
  }
  for (; i < to; i++) {
    const x = i * width;
    const o = (i - from) * classes;
    for (let c = 0; c < classes; c++) {
      let s = intercepts[interceptOffset + c];
      const column = c * width;
      for (let f = 0; f < width; f++) s += features[x + f] * coefficients[column + f];
      out[o + c] = s;
    }
  }
}

/**
 * gradient[c·width + f] += Σ_i residual[(i − from)·classes + c]·x_if over rows i in [from, to).
 */
export function accumulateGradient(
  features: Float32Array,
  width: number,
  residual: Float64Array,
  classes: number,
  from: number,
  to: number,
  gradient: Float64Array,
): void {
  let i = from;
  for (; i + 3 < to; i += 4) {
    const x0 = i * width;
    const x1 = x0 + width;
    const x2 = x1 + width;
    const x3 = x2 + width;
    const o = (i - from) * classes;
    for (let c = 0; c < classes; c++) {
      const r0 = residual[o + c];
      const r1 = residual[o + classes + c];
      const r2 = residual[o + 2 * classes + c];
      const r3 = residual[o + 3 * classes + c];
      const column = c * width;
      for (let f = 0; f < width; f++) {
        gradient[column + f] += r0 * features[x0 + f] + r1 * features[x1 + f] + r2 * features[x2 + f] + r3 * features[x3 + f];
      }
    }
  }
  for (; i < to; i++) {
    const x = i * width;
    const o = (i - from) * classes;
    for (let c = 0; c < classes; c++) {
      const r = residual[o + c];
      const column = c * width;
      for (let f = 0; f < width; f++) gradient[column + f] += r * features[x + f];
    }
  }
}

/** The coefficient rows of the [features + 1, classes] matrix `w` as classes × features, into `into`. */
export function transposeCoefficients(w: ArrayLike<number>, width: number, classes: number, into: Float64Array): Float64Array {
  for (let f = 0; f < width; f++) for (let c = 0; c < classes; c++) into[c * width + f] = w[f * classes + c];
  return into;
}

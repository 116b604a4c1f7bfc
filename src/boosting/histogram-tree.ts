/**
 * One regression tree of a boosting round, grown depth-first on histograms of gradients and
 * hessians (XGBoost, Chen & Guestrin 2016; LightGBM; scikit-learn's HistGradientBoosting):
 *
 *   gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ),   leaf value = −η·clip(G/(H+λ), ±δ)
 *
 * δ (`maxDeltaStep`, 0: none) caps the leaf's Newton step, as XGBoost's and LightGBM's
 * max_delta_step do; unlike them, the split gain is left unclipped, so where the cap binds the
 * splits are still chosen as without it (only the leaf value is bounded).
 *
 * A split needs gain > 0, at least `minSamplesLeaf` rows and a hessian sum ≥ 1e-3 on each side
 * (scikit-learn's min_hessian_to_split). Only the smaller child's histogram is built; the larger
 * one's is the parent's minus it.
 */
import type { TreeArrays } from '../trees/tree-arrays.js';
import { rowSlots, type FeatureBins } from './feature-bins.js';

/** How a tree grows. */
export interface TreeGrowth {
  maxDepth: number;
  minSamplesLeaf: number;
  /** λ: L2 on leaf values. */
  l2: number;
  /** η: shrinkage applied to leaf values. */
  learningRate: number;
  /** δ: largest |G/(H+λ)| a leaf may take before shrinkage; 0: no cap. */
  maxDeltaStep: number;
}

const MIN_HESSIAN = 1e-3;

/** Gradient, hessian and row-count sums per bin, interleaved: bin b's at [3b, 3b + 1, 3b + 2]. */
type Histogram = Float64Array;

interface OpenNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  /** Null for a node that will not be searched (it becomes a leaf). */
  histogram: Histogram | null;
}

interface Split {
  feature: number;
  bin: number;
  gain: number;
}

/**
 * Sums of the rows [start, end) of `rows`, into `histogram` (zeroed here). Rows are read one at a
 * time across features, so each bin still adds its rows in the order of `rows`.
 */
function buildHistogram(bins: FeatureBins, rows: Int32Array, start: number, end: number, gradients: Float64Array, hessians: Float64Array, histogram: Histogram): Histogram {
  histogram.fill(0);
  const width = bins.width;
  const rowBins = rowSlots(bins);
  for (let k = start; k < end; k++) {
    const row = rows[k];
    const g = gradients[row];
    const h = hessians[row];
    for (let j = row * width, last = j + width; j < last; j++) {
      const b = 3 * rowBins[j];
      histogram[b] += g;
      histogram[b + 1] += h;
      histogram[b + 2] += 1;
    }
  }
  return histogram;
}

function bestSplit(bins: FeatureBins, histogram: Histogram, growth: TreeGrowth): Split | null {
  let g = 0;
  let h = 0;
  let n = 0;
  for (let b = 0; b < bins.edges[0].length + 1; b++) {
    g += histogram[3 * b];
    h += histogram[3 * b + 1];
    n += histogram[3 * b + 2];
  }
  const parentScore = (g * g) / (h + growth.l2);
  let best: Split | null = null;
  for (let f = 0; f < bins.width; f++) {
    const offset = bins.offsets[f];
    const last = bins.edges[f].length;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    for (let b = 0; b < last; b++) {
      gl += histogram[3 * (offset + b)];
      hl += histogram[3 * (offset + b) + 1];
      nl += histogram[3 * (offset + b) + 2];
      if (nl < growth.minSamplesLeaf) continue;
      if (n - nl < growth.minSamplesLeaf) break;
      const hr = h - hl;
      if (hl < MIN_HESSIAN || hr < MIN_HESSIAN) continue;
      const gr = g - gl;
      const gain = (gl * gl) / (hl + growth.l2) + (gr * gr) / (hr + growth.l2) - parentScore;
      if (gain > 0 && (best === null || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

/**
 * Grows one tree on the rows of `bins` (all of them) and writes each row's leaf value into
 * `rowValues`.
 */
export function growTree(bins: FeatureBins, gradients: Float64Array, hessians: Float64Array, growth: TreeGrowth, rowValues: Float64Array): TreeArrays {
  const total = bins.totalBins;
  const rows = new Int32Array(bins.count);
  for (let i = 0; i < bins.count; i++) rows[i] = i;
  const feature: number[] = [-1];
  const threshold: number[] = [0];
  const left: number[] = [-1];
  const right: number[] = [-1];
  const value: number[] = [0];
  // Histograms of finished nodes are reused: a tree holds at most depth + 2 at once.
  const spare: Histogram[] = [];
  const histogramFor = (start: number, end: number): Histogram =>
    buildHistogram(bins, rows, start, end, gradients, hessians, spare.pop() ?? new Float64Array(3 * total));
  const searched = (depth: number, count: number): boolean => depth < growth.maxDepth && count >= 2 * growth.minSamplesLeaf;
  const stack: OpenNode[] = [{ id: 0, start: 0, end: bins.count, depth: 0, histogram: histogramFor(0, bins.count) }];
  while (stack.length > 0) {
    const node = stack.pop() as OpenNode;
    const count = node.end - node.start;
    const split = node.histogram && searched(node.depth, count) ? bestSplit(bins, node.histogram, growth) : null;
    if (split === null) {
      if (node.histogram) spare.push(node.histogram);
      let g = 0;
      let h = 0;
      for (let k = node.start; k < node.end; k++) {
        g += gradients[rows[k]];
        h += hessians[rows[k]];
      }
      // float32, as stored: training scores then equal the stored model's.
      const leaf = h + growth.l2 > 0 ? Math.fround(-growth.learningRate * cappedStep(g / (h + growth.l2), growth.maxDeltaStep)) : 0;
      value[node.id] = leaf;
      for (let k = node.start; k < node.end; k++) rowValues[rows[k]] = leaf;
      continue;
    }
    // Partition the node's rows in place: bin ≤ split.bin to the front.
    const column = bins.binned.subarray(split.feature * bins.count, (split.feature + 1) * bins.count);
    // The swap partition without a branch on the (unpredictable) side: `left` is 1 when the row
    // goes left, and the writes are the swap when it does and leave both slots as they were when not.
    let mid = node.start;
    for (let k = node.start; k < node.end; k++) {
      const row = rows[k];
      const other = rows[mid];
      const left = 1 - ((split.bin - column[row]) >>> 31);
      rows[k] = row + (other - row) * left;
      rows[mid] = other + (row - other) * left;
      mid += left;
    }
    const leftId = feature.length;
    feature.push(-1, -1);
    threshold.push(0, 0);
    left.push(-1, -1);
    right.push(-1, -1);
    value.push(0, 0);
    feature[node.id] = split.feature;
    threshold[node.id] = bins.edges[split.feature][split.bin];
    left[node.id] = leftId;
    right[node.id] = leftId + 1;
    const depth = node.depth + 1;
    if (!searched(depth, mid - node.start) && !searched(depth, node.end - mid)) {
      // Two leaves: their sums come from their rows, so no histogram is built.
      spare.push(node.histogram as Histogram);
      stack.push({ id: leftId + 1, start: mid, end: node.end, depth, histogram: null }, { id: leftId, start: node.start, end: mid, depth, histogram: null });
      continue;
    }
    const leftSmaller = mid - node.start <= node.end - mid;
    const small = leftSmaller ? histogramFor(node.start, mid) : histogramFor(mid, node.end);
    const large = node.histogram as Histogram;
    for (let b = 0; b < 3 * total; b++) large[b] -= small[b];
    stack.push(
      { id: leftId + 1, start: mid, end: node.end, depth, histogram: leftSmaller ? large : small },
      { id: leftId, start: node.start, end: mid, depth, histogram: leftSmaller ? small : large },
    );
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float32Array.from(value),
    outputs: 1,
  };
}

/** `step` clipped to ±`cap`; a cap of 0 clips nothing. */
function cappedStep(step: number, cap: number): number {
  return cap > 0 ? Math.min(cap, Math.max(-cap, step)) : step;
}

/**
 * Histogram bins of the training features (LightGBM, Ke et al. 2017; scikit-learn's
 * HistGradientBoosting): per feature at most `maxBins` bins whose upper edges are training values
 * at evenly spaced quantiles (every distinct value when there are few enough). A row is in bin j
 * when `edge[j−1] < x ≤ edge[j]` (the last bin is unbounded), so a split "bins ≤ j" is exactly the
 * stored tree test `x ≤ edge[j]`, a float32 training value, on every training row.
 */

/** The training rows' bin indices and each feature's edges. */
export interface FeatureBins {
  count: number;
  width: number;
  /** Upper edges per feature, ascending float32 training values; bins = edges + 1. */
  edges: Float32Array[];
  /** Where feature f's bins start in a histogram of all features. */
  offsets: Int32Array;
  /** Bins over every feature (the length of one histogram channel). */
  totalBins: number;
  /** Bin of row i in feature f at `binned[f * count + i]` (column-major: a partition reads one feature). */
  binned: Uint16Array;
}

/** Upper bin edges of one feature's values (at most maxBins − 1 of them). */
export function binEdges(values: Float32Array, maxBins: number): Float32Array {
  const sorted = Float32Array.from(values).sort();
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const max = distinct[distinct.length - 1];
  if (distinct.length <= maxBins) return Float32Array.from(distinct.slice(0, -1));
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const value = sorted[Math.min(sorted.length - 1, Math.ceil((k * sorted.length) / maxBins) - 1)];
    if (value !== max && (edges.length === 0 || value > edges[edges.length - 1])) edges.push(value);
  }
  return Float32Array.from(edges);
}

/** Index of the first edge ≥ x (edges.length when none): the bin of x. */
export function binOf(edges: Float32Array, x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bins every feature of `count` row-major rows of `width` features. */
export function binFeatures(features: Float32Array, count: number, width: number, maxBins: number): FeatureBins {
  const edges: Float32Array[] = [];
  const offsets = new Int32Array(width);
  const binned = new Uint16Array(count * width);
  const column = new Float32Array(count);
  let totalBins = 0;
  for (let f = 0; f < width; f++) {
    for (let i = 0; i < count; i++) column[i] = features[i * width + f];
    const featureEdges = binEdges(column, maxBins);
    edges.push(featureEdges);
    offsets[f] = totalBins;
    totalBins += featureEdges.length + 1;
    for (let i = 0; i < count; i++) binned[f * count + i] = binOf(featureEdges, column[i]);
  }
  return { count, width, edges, offsets, totalBins, binned };
}

/**
 * Row i's histogram slot in feature f, `offsets[f]` + its bin, at [i · width + f] (row-major: the
 * JS histogram builder reads a row at a time). Made on first use, once per bins: the native
 * grower keeps its own, so a fit that uses it never holds this one.
 */
export function rowSlots(bins: FeatureBins): Int32Array {
  let slots = rowSlotsOf.get(bins);
  if (slots === undefined) {
    const { count, width, offsets, binned } = bins;
    slots = new Int32Array(count * width);
    for (let f = 0; f < width; f++) for (let i = 0; i < count; i++) slots[i * width + f] = offsets[f] + binned[f * count + i];
    rowSlotsOf.set(bins, slots);
  }
  return slots;
}

const rowSlotsOf = new WeakMap<FeatureBins, Int32Array>();

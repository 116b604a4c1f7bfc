/**
 * How a CART fit hands the split search each node's rows in one feature's order (ascending
 * float32 value, ties by row index): the order the search and its tie-breaking rely on.
 *
 * - {@link PresortedNodeOrder}: every feature's order is kept for every node, stable-partitioned
 *   on each split (width·n per tree level). Right when every feature is searched at every node.
 * - {@link SampledNodeOrder}: a node keeps only its row list, and sorts the rows of a feature when
 *   the search draws it (as scikit-learn's splitter does): a counting sort by distinct value when
 *   the feature has few of them for the node's size, else a native integer sort of the rows' ranks
 *   in the fit-wide order. Right for forests, which search √width features a node.
 *
 * Both give a node exactly the fit-wide order restricted to its rows, so both grow the same tree.
 */
import type { RankedRows, SortedRows } from './cart-sort.js';

/** A node's rows of one feature, in order, at [from, from + count) of `order` / `values`. */
export interface NodeOrder {
  /** Rows with weight > 0: nodes are segments [start, end) of 0 … active−1. */
  readonly active: number;
  order: Int32Array;
  values: Float32Array;
  from: number;
  /** Points order/values/from at the node's rows of feature f; false when f is constant there. */
  sortFeature(f: number, start: number, end: number): boolean;
  /**
   * Moves the node's rows with `x[f] <= threshold` before the others (in every order a child may
   * search; none when `childrenSearched` is false) and returns where the right child starts.
   */
  partition(start: number, end: number, f: number, threshold: number, childrenSearched: boolean): number;
}

/** Every feature's order of the active rows, partitioned on every split. */
export class PresortedNodeOrder implements NodeOrder {
  readonly active: number;
  order: Int32Array;
  values: Float32Array;
  from = 0;
  private readonly width: number;
  private readonly goesLeft: Uint8Array;
  private readonly scratch: Int32Array;
  private readonly scratchValues: Float32Array;

  constructor(rows: SortedRows, weight: Float64Array, active: number) {
    const { width, count } = rows;
    this.active = active;
    this.width = width;
    this.order = new Int32Array(width * active);
    // Each feature's values in its order, partitioned with it: the split search reads them in sequence.
    this.values = new Float32Array(width * active);
    for (let f = 0; f < width; f++) {
      let k = f * active;
      for (let j = f * count, end = (f + 1) * count; j < end; j++) {
        const row = rows.order[j];
        if (weight[row] > 0) {
          this.order[k] = row;
          this.values[k++] = rows.sortedValues[j];
        }
      }
    }
    this.goesLeft = new Uint8Array(count);
    this.scratch = new Int32Array(active);
    this.scratchValues = new Float32Array(active);
  }

  sortFeature(f: number, start: number, end: number): boolean {
    this.from = f * this.active + start;
    return this.values[this.from] < this.values[f * this.active + end - 1];
  }

  partition(start: number, end: number, f: number, threshold: number, childrenSearched: boolean): number {
    const { order, values, goesLeft, scratch, scratchValues, active } = this;
    const base = f * active;
    let leftCount = 0;
    for (let k = start; k < end; k++) {
      const left = values[base + k] <= threshold;
      goesLeft[order[base + k]] = left ? 1 : 0;
      if (left) leftCount++;
    }
    for (let g = 0; g < this.width && childrenSearched; g++) {
      const offset = g * active;
      // A feature constant on the node is constant on both children: they read only its (equal)
      // first and last values to skip it, so its rows need no partition.
      if (!(values[offset + start] < values[offset + end - 1])) continue;
      let l = offset + start;
      let r = 0;
      for (let k = offset + start; k < offset + end; k++) {
        const row = order[k];
        const value = values[k];
        if (goesLeft[row]) {
          values[l] = value;
          order[l++] = row;
        } else {
          scratchValues[r] = value;
          scratch[r++] = row;
        }
      }
      order.set(scratch.subarray(0, r), l);
      values.set(scratchValues.subarray(0, r), l);
    }
    return start + leftCount;
  }
}

/** Each node's row list only; a feature's order is made when the search draws the feature. */
export class SampledNodeOrder implements NodeOrder {
  readonly active: number;
  order: Int32Array;
  values: Float32Array;
  from = 0;
  private readonly rows: RankedRows;
  /** The active rows in ascending row order, each node's a segment (partitions keep the order). */
  private readonly nodeRows: Int32Array;
  private readonly keys: Int32Array;
  private readonly scratch: Int32Array;
  /** Rows per distinct value, zero between sorts. */
  private readonly tally: Int32Array;

  constructor(rows: RankedRows, weight: Float64Array, active: number) {
    this.rows = rows;
    this.active = active;
    this.nodeRows = new Int32Array(active);
    for (let i = 0, k = 0; i < rows.count; i++) if (weight[i] > 0) this.nodeRows[k++] = i;
    this.order = new Int32Array(active);
    this.values = new Float32Array(active);
    this.keys = new Int32Array(active);
    this.scratch = new Int32Array(active);
    this.tally = new Int32Array(rows.count);
  }

  sortFeature(f: number, start: number, end: number): boolean {
    const size = end - start;
    this.from = 0;
    // A counting sort by distinct value costs about 2·size + levels steps, a comparison sort size·log2(size).
    return this.rows.levels[f] <= size * Math.log2(size) ? this.countingSort(f, start, end) : this.rankSort(f, start, end);
  }

  /** Rows by distinct value, a stable counting sort: rows come in ascending order, so ties stay by row. */
  private countingSort(f: number, start: number, end: number): boolean {
    const { level, levelValues, rank, sortedValues, count } = this.rows;
    const { nodeRows, order, values, tally } = this;
    const base = f * count;
    let lowest = count;
    let highest = -1;
    for (let k = start; k < end; k++) {
      const l = level[base + nodeRows[k]];
      tally[l]++;
      if (l < lowest) lowest = l;
      if (l > highest) highest = l;
    }
    if (lowest === highest) {
      tally[lowest] = 0;
      return false;
    }
    for (let l = lowest, sum = 0; l <= highest; l++) {
      const rowsAt = tally[l];
      tally[l] = sum;
      sum += rowsAt;
    }
    // Two loops, not one through the rank: a few-valued feature's level table stays in L1, and
    // reading every value through its rank made letter's forest fit about 4 % slower.
    const valueOf = levelValues[f];
    if (valueOf) {
      for (let k = start; k < end; k++) {
        const row = nodeRows[k];
        const l = level[base + row];
        const at = tally[l]++;
        order[at] = row;
        values[at] = valueOf[l];
      }
    } else {
      for (let k = start; k < end; k++) {
        const row = nodeRows[k];
        const at = tally[level[base + row]]++;
        order[at] = row;
        values[at] = sortedValues[base + rank[base + row]];
      }
    }
    tally.fill(0, lowest, highest + 1);
    return true;
  }

  /** Rows by their rank in the fit-wide order, with the native integer sort. */
  private rankSort(f: number, start: number, end: number): boolean {
    const { rank, sortedValues, order: fitOrder, count } = this.rows;
    const { nodeRows, order, values, keys } = this;
    const size = end - start;
    const base = f * count;
    let lowest = count;
    let highest = -1;
    for (let k = start; k < end; k++) {
      const r = rank[base + nodeRows[k]];
      keys[k - start] = r;
      if (r < lowest) lowest = r;
      if (r > highest) highest = r;
    }
    if (!(sortedValues[base + lowest] < sortedValues[base + highest])) return false;
    const sorted = keys.subarray(0, size).sort();
    for (let m = 0; m < size; m++) {
      order[m] = fitOrder[base + sorted[m]];
      values[m] = sortedValues[base + sorted[m]];
    }
    return true;
  }

  partition(start: number, end: number, f: number, threshold: number): number {
    const { nodeRows, scratch } = this;
    const { features, width } = this.rows;
    let l = start;
    let r = 0;
    for (let k = start; k < end; k++) {
      const row = nodeRows[k];
      if (features[row * width + f] <= threshold) nodeRows[l++] = row;
      else scratch[r++] = row;
    }
    nodeRows.set(scratch.subarray(0, r), l);
    return l;
  }
}

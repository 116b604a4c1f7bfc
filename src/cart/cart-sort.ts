/**
 * Each feature's training rows in ascending float32 order, ties by row index: computed once per
 * fit and shared by every tree fitted on the same rows. `rankRows` adds each row's position in
 * those orders, with which a node sorts just its own rows of one feature into the same order.
 */
import { DataError } from '../core/errors.js';
import { loadNativeKernels, type NativeKernels } from '../kernels/native-addon.js';

/** Row-major float32 features and each feature's row order, ascending (ties by row index). */
export interface SortedRows {
  features: Float32Array;
  count: number;
  width: number;
  /** width × count row indices: feature f's order at [f·count, (f+1)·count). */
  order: Int32Array;
  /**
   * width × count: feature f's values in its order at [f·count, (f+1)·count), −0 as +0 (the two
   * compare, and give float32 midpoints, alike).
   */
  sortedValues: Float32Array;
}

/**
 * Sorts every feature's rows once; reused by every tree fitted on these rows. With the native
 * addon (`kernels`, by default the loaded one) the same radix sort runs natively (native/cart-sort.cc):
 * a stable sort of the same keys, so the same orders and values.
 * @throws DataError on a NaN or infinite value: a node's "constant feature" test and the radix
 *   keys assume finite values (the loaders impute missing values before a fit)
 */
export function sortRows(features: Float32Array, count: number, width: number, kernels: NativeKernels | null = loadNativeKernels()): SortedRows {
  for (let i = 0; i < count * width; i++) {
    if (!Number.isFinite(features[i])) {
      throw new DataError(`tree fit: row ${Math.floor(i / width)}, feature ${i % width} is ${features[i]}; trees need finite features (impute missing values first)`);
    }
  }
  const order = new Int32Array(width * count);
  const sortedValues = new Float32Array(width * count);
  if (kernels && typeof kernels.cartSortRows === 'function') {
    kernels.cartSortRows(features, count, width, order, sortedValues);
    return { features, count, width, order, sortedValues };
  }
  const sortedBits = new Uint32Array(sortedValues.buffer);
  const bits = new Uint32Array(features.buffer, features.byteOffset, features.length);
  const keys = new Uint32Array(count);
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  // Wider digits mean fewer passes over the rows but more buckets to clear and sum: 11 bits
  // (3 passes) beat 8 (4 passes) from about 5000 rows.
  const digitBits = count < 5000 ? 8 : 11;
  const passes = Math.ceil(32 / digitBits);
  const buckets = new Int32Array(passes * ((1 << digitBits) + 1));
  for (let f = 0; f < width; f++) {
    for (let i = 0; i < count; i++) keys[i] = float32SortKey(bits[i * width + f]);
    const sorted = radixArgsort(keys, count, digitBits, buckets, from, to);
    order.set(sorted, f * count);
    // Each key back to its float32 bits: the values in order without reading the rows again.
    for (let j = 0, at = f * count; j < count; j++, at++) {
      const key = keys[sorted[j]];
      sortedBits[at] = key & 0x80000000 ? (key ^ 0x80000000) >>> 0 : ~key >>> 0;
    }
  }
  return { features, count, width, order, sortedValues };
}

/**
 * An unsigned 32-bit key that orders as the float32 with IEEE-754 `bits` does (negatives
 * flipped); −0 keys as +0 so the two tie, as `<` and `-` treat them, and every NaN as one NaN.
 */
function float32SortKey(bits: number): number {
  if (bits === 0x80000000) bits = 0;
  else if ((bits & 0x7fffffff) > 0x7f800000) bits = 0x7fc00000;
  return bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0;
}

/**
 * The indices 0 … count−1 ordered by `keys`: a stable least-significant-digit radix sort, so
 * equal keys keep ascending index order (the comparison sort it replaced broke ties by row index
 * too), in a few linear passes instead of O(count·log count) comparator calls. Every digit's
 * bucket counts come from one pass over the keys. `buckets` (one row of 2^digitBits + 1 per
 * digit), `from` and `to` are scratch; the result is one of the latter two.
 */
function radixArgsort(keys: Uint32Array, count: number, digitBits: number, buckets: Int32Array, from: Int32Array, to: Int32Array): Int32Array {
  const mask = (1 << digitBits) - 1;
  const stride = mask + 2;
  buckets.fill(0);
  for (let i = 0; i < count; i++) {
    const key = keys[i];
    for (let shift = 0, row = 1; shift < 32; shift += digitBits, row += stride) buckets[row + ((key >>> shift) & mask)]++;
  }
  for (let i = 0; i < count; i++) from[i] = i;
  for (let shift = 0, base = 0; shift < 32; shift += digitBits, base += stride) {
    // A digit every key shares leaves the order as it is.
    if (buckets[base + ((keys[0] >>> shift) & mask) + 1] === count) continue;
    for (let b = base + 1; b <= base + mask + 1; b++) buckets[b] += buckets[b - 1];
    for (let i = 0; i < count; i++) {
      const row = from[i];
      to[buckets[base + ((keys[row] >>> shift) & mask)]++] = row;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}

/** SortedRows with what a node needs to sort just its own rows of a feature (forests). */
export interface RankedRows extends SortedRows {
  /** width × count: row i's position in feature f's order at [f·count + i]. */
  rank: Int32Array;
  /**
   * Feature f's distinct values, ascending (as in sortedValues), when it has at most a quarter as
   * many as rows: row i's value is levelValues[f][level[f·count + i]]. Null for the other features,
   * whose row i's value is sortedValues[f·count + rank[f·count + i]].
   */
  levelValues: (Float32Array | null)[];
  /** width × count: the index of row i's value among feature f's distinct values, ascending, at [f·count + i]. */
  level: Int32Array;
  /** Distinct values per feature. */
  levels: Int32Array;
}

/**
 * Adds ranks and distinct-value levels to `rows` (once per forest: every tree reuses them). A row's
 * value is found through its level or its rank (`levelValues`), not in a third width × count array.
 */
export function rankRows(rows: SortedRows): RankedRows {
  const { count, width, order, sortedValues } = rows;
  const rank = new Int32Array(width * count);
  const level = new Int32Array(width * count);
  const levels = new Int32Array(width);
  for (let f = 0; f < width; f++) {
    let at = -1;
    for (let j = f * count, position = 0; position < count; j++, position++) {
      if (position === 0 || sortedValues[j - 1] < sortedValues[j]) at++;
      rank[f * count + order[j]] = position;
      level[f * count + order[j]] = at;
    }
    levels[f] = at + 1;
  }
  const levelValues = Array.from(levels, (distinct, f) => {
    if (4 * distinct > count) return null;
    const sorted = sortedValues.subarray(f * count, (f + 1) * count);
    const values = new Float32Array(distinct);
    for (let position = 0, at = -1; position < count; position++) if (position === 0 || sorted[position - 1] < sorted[position]) values[++at] = sorted[position];
    return values;
  });
  return { ...rows, rank, level, levels, levelValues };
}

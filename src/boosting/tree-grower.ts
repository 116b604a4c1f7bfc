/**
 * How a boosting fit grows its trees: with the native addon's tree (native/gbt-tree.cc) when it
 * is loaded, else histogram-tree.ts's. Both run the same algorithm with the same floating-point
 * operations in the same order, so they grow the same trees and leaf values to the bit
 * (test/gbt-native-parity.test.ts); the native one is the faster.
 */
import { loadNativeKernels, type NativeKernels } from '../kernels/native-addon.js';
import type { TreeArrays } from '../trees/tree-arrays.js';
import type { FeatureBins } from './feature-bins.js';
import { growTree, type TreeGrowth } from './histogram-tree.js';

/** Grows one tree on every row of the fit's bins and writes each row's leaf value into `rowValues`. */
export type TreeGrower = (gradients: Float64Array, hessians: Float64Array, growth: TreeGrowth, rowValues: Float64Array) => TreeArrays;

/** The native grower when `kernels` (by default the loaded addon) has it, else the JS one. */
export function treeGrower(bins: FeatureBins, kernels: NativeKernels | null = loadNativeKernels()): TreeGrower {
  const native = kernels && typeof kernels.gbtGrowTree === 'function' && bins.count > 0 && bins.width > 0;
  return native ? nativeTreeGrower(bins, kernels) : (g, h, growth, rowValues) => growTree(bins, g, h, growth, rowValues);
}

function nativeTreeGrower(bins: FeatureBins, kernels: NativeKernels): TreeGrower {
  const handle = kernels.gbtBins(Int32Array.of(bins.count, bins.width, bins.totalBins), bins.binned, bins.offsets, Int32Array.from(bins.edges, (edges) => edges.length));
  // The node arrays of the deepest tree a growth allows, reused by every tree of the fit.
  let capacity = 0;
  let feature = new Int32Array(0);
  let bin = feature;
  let left = feature;
  let right = feature;
  let value = new Float32Array(0);
  return (gradients, hessians, growth, rowValues) => {
    // A split leaves at least one row on each side, so a tree has at most 2·count − 1 nodes.
    const needed = Math.min(2 ** Math.min(growth.maxDepth + 1, 30) - 1, 2 * bins.count - 1);
    if (needed !== capacity) {
      capacity = needed;
      [feature, bin, left, right] = [0, 1, 2, 3].map(() => new Int32Array(capacity));
      value = new Float32Array(capacity);
    }
    const growthValues = Float64Array.of(growth.maxDepth, growth.minSamplesLeaf, growth.l2, growth.learningRate, growth.maxDeltaStep);
    const nodes = kernels.gbtGrowTree(handle, growthValues, gradients, hessians, rowValues, feature, bin, left, right, value);
    const threshold = new Float32Array(nodes);
    for (let i = 0; i < nodes; i++) if (feature[i] >= 0) threshold[i] = bins.edges[feature[i]][bin[i]];
    return { feature: feature.slice(0, nodes), threshold, left: left.slice(0, nodes), right: right.slice(0, nodes), value: value.slice(0, nodes), outputs: 1 };
  };
}

/**
 * Loads the optional native addon built at install time by scripts/build-native.mjs; null when it
 * is absent, fails to load (e.g. built for another CPU or Node ABI), or MULTIHOP_NATIVE_KERNELS=0.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's exports (native/kernels-addon.cc); offsets are bytes into `heap`. */
export interface NativeKernels {
  /** simd: the instruction set the kernels use now; simdSupported: the best this CPU has. */
  info(): { gemm: 'openblas' | 'own'; simd: string; simdSupported: string; openblas: boolean };
  /** Switches the hot kernels' instruction set; false when this CPU lacks it. */
  setSimd(level: 'avx512' | 'avx2' | 'base'): boolean;
  /** Switches the GEMM under every kernel; false when that one is not built in. */
  setGemm(name: 'openblas' | 'own'): boolean;
  matmul(
    heap: ArrayBuffer, batch: number, transposeA: number, transposeB: number, m: number, n: number, k: number,
    aOffset: number, aStride: number, bOffset: number, bStride: number, outOffset: number,
    biasOffset: number, biasLength: number, activation: number, alpha: number,
  ): void;
  /** One fused Adam step over `n` floats; out offsets may equal the inputs' (in place). */
  adam(
    heap: ArrayBuffer, n: number, varOffset: number, mOffset: number, vOffset: number, gradOffset: number,
    outVarOffset: number, outMOffset: number, outVOffset: number,
    learningRate: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number,
  ): void;
  /** MaxPoolGrad (NHWC) on WASM heap offsets: dx gets dy at each window's first strict maximum of x. */
  maxPoolGrad(
    heap: ArrayBuffer, xOffset: number, dyOffset: number, dxOffset: number, batch: number, inHeight: number,
    inWidth: number, channels: number, outHeight: number, outWidth: number, filterHeight: number, filterWidth: number,
    strideHeight: number, strideWidth: number, padTop: number, padLeft: number,
  ): void;
  /** out[c] = Σ_r x[r, c] for a row-major rows × cols float32 matrix at xOffset. */
  sumRows(heap: ArrayBuffer, xOffset: number, outOffset: number, rows: number, cols: number): void;
  /**
   * One fused training step of a dense network (native/fused-mlp.h), in place on params, m and v;
   * returns the batch loss. `hyper` = [activation, lr, β1, β2, ε, 1-β1ᵗ, 1-β2ᵗ, weightDecay, τ, α].
   */
  mlpStep(
    sizes: Int32Array, hyper: Float64Array, params: Float32Array, m: Float32Array, v: Float32Array, rows: Int32Array,
    features: Float32Array, labels: Int32Array, extraFeatures: Float32Array | null, extraTargets: Float32Array | null,
    sampleWeights: Float32Array | null, teacherProbabilities: Float32Array | null, teacherNegEntropy: Float32Array | null,
  ): number;
  /** softmax outputs of a dense network on `count` contiguous rows, into `out`. */
  mlpProbabilities(
    sizes: Int32Array, activation: number, params: Float32Array, features: Float32Array, count: number, out: Float32Array,
  ): void;
  /**
   * Every layer's outputs of a dense network on `count` contiguous rows: `outs[l]` (count ×
   * sizes[l+1]) after layer l's activation, the logits (no softmax) for the last layer.
   */
  mlpLayers(
    sizes: Int32Array, activation: number, params: Float32Array, features: Float32Array, count: number, outs: Float32Array[],
  ): void;
  /** An opaque handle holding a checked copy of a boosting fit's bins and its trees' scratch (native/trees-addon.cc). */
  gbtBins(shape: Int32Array, binned: Uint16Array, offsets: Int32Array, edges: Int32Array): object;
  /**
   * Grows one boosting tree (native/gbt-tree.h) and returns its node count; `growth` = [maxDepth,
   * minSamplesLeaf, l2, learningRate, maxDeltaStep]; the tree arrays hold at most their length.
   */
  gbtGrowTree(
    bins: object, growth: Float64Array, gradients: Float64Array, hessians: Float64Array, rowValues: Float64Array,
    feature: Int32Array, bin: Int32Array, left: Int32Array, right: Int32Array, value: Float32Array,
  ): number;
  /** CART's per-feature row orders and sorted values (native/cart-sort.h) into `order` and `sortedValues` (width × count). */
  cartSortRows(features: Float32Array, count: number, width: number, order: Int32Array, sortedValues: Float32Array): void;
  conv(
    mode: number, heap: ArrayBuffer, inOffset: number, secondOffset: number, outOffset: number,
    batch: number, inHeight: number, inWidth: number, inChannels: number, outHeight: number, outWidth: number,
    outChannels: number, filterHeight: number, filterWidth: number, strideHeight: number, strideWidth: number,
    dilationHeight: number, dilationWidth: number, padTop: number, padLeft: number,
    biasOffset: number, biasLength: number, activation: number, alpha: number,
  ): void;
}

let cached: NativeKernels | null | undefined;
let absentReason = '';

/** Why `loadNativeKernels` returned null ('' when it loaded). */
export function nativeAbsentReason(): string {
  return absentReason;
}

export function loadNativeKernels(): NativeKernels | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.MULTIHOP_NATIVE_KERNELS === '0') {
    absentReason = 'disabled by MULTIHOP_NATIVE_KERNELS=0';
    return cached;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  // dist/src/kernels → repository root is three levels up; src/kernels (ts loaders) two.
  const file = [path.resolve(here, '../../..'), path.resolve(here, '../..')]
    .map((root) => path.join(root, 'native/build/Release/multihop_kernels.node'))
    .find((f) => existsSync(f));
  if (file === undefined) {
    absentReason = 'native addon not built (npm install runs scripts/build-native.mjs; needs g++)';
    return cached;
  }
  try {
    cached = require(file) as NativeKernels;
  } catch (error) {
    absentReason = `native addon failed to load: ${(error as Error).message.split('\n')[0]}`;
  }
  return cached;
}

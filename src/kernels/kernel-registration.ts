/**
 * Registers our kernels over a backend's stock ones. Safe to call when the native addon is
 * absent (nothing is registered, TF.js's kernels stay) and safe to call twice.
 */
import * as tf from '../backend/tfjs.js';
import { loadNativeKernels, nativeAbsentReason } from './native-addon.js';
import { wasmNativeKernelConfigs } from './wasm-native-kernels.js';

/** What the fast path runs on, for run records and the benchmark. */
export interface FastKernelInfo {
  /** Whether the native addon loaded. */
  native: boolean;
  /** GEMM under the native kernels: 'openblas' or 'own' (our packed GEMM); null without the addon. */
  gemm: 'openblas' | 'own' | null;
  /** Instruction set the hot native kernels run with now: 'avx512', 'avx2' or 'sse2' (x86 baseline) / 'base'. */
  simd: string | null;
  /** Best instruction set this CPU supports, detected when the addon loads (`simd` unless lowered). */
  simdSupported: string | null;
  /** Why the addon is absent, when it is. */
  reason?: string;
}

const registered = new Map<string, string[]>();

/**
 * Registers the fast kernels for `backendName` (only 'wasm' has any) and returns their kernel
 * names; [] when the native addon is not built or the backend has no fast kernels. Call it after
 * the backend's package is imported (its stock kernels are kept as fallbacks), before or after
 * tf.setBackend.
 */
export function registerFastKernels(backendName: string): string[] {
  if (backendName !== 'wasm') return [];
  const done = registered.get(backendName);
  if (done !== undefined) return [...done];
  const native = loadNativeKernels();
  if (native === null) return [];
  const names: string[] = [];
  for (const config of wasmNativeKernelConfigs(native)) {
    if (tf.getKernel(config.kernelName, backendName) !== undefined) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel(config);
    names.push(config.kernelName);
  }
  registered.set(backendName, names);
  return [...names];
}

export function fastKernelInfo(): FastKernelInfo {
  const native = loadNativeKernels();
  if (native === null) return { native: false, gemm: null, simd: null, simdSupported: null, reason: nativeAbsentReason() };
  const { gemm, simd, simdSupported } = native.info();
  return { native: true, gemm, simd, simdSupported };
}

/**
 * Chooses the GEMM under the native kernels ('own' exists in every build, 'openblas' only where
 * it was linked); returns whether it is now in use. For tests and the speed benchmark.
 */
export function selectNativeGemm(name: 'openblas' | 'own'): boolean {
  const native = loadNativeKernels();
  return native !== null && native.setGemm(name);
}

/**
 * Chooses the instruction set of the native kernels ('avx512' and 'avx2' where the CPU has them,
 * 'base' everywhere); returns whether it is now in use. The addon picks the best one when it loads
 * (or the one MULTIHOP_SIMD names, if lower); this is for tests and the speed benchmark.
 */
export function selectNativeSimd(level: 'avx512' | 'avx2' | 'base'): boolean {
  const native = loadNativeKernels();
  return native !== null && native.setSimd(level);
}

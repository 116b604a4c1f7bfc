/** Shared by the kernels-*.test.ts files that run a kernel at every SIMD level of the native addon. */
import { fastKernelInfo, registerFastKernels, selectNativeSimd } from '../src/kernels/index.js';

export type SimdLevel = 'avx512' | 'avx2' | 'base';

/**
 * Registers the fast kernels on wasm and returns, for every SIMD level, either false (it runs
 * here) or why its tests are skipped, so that a level the CPU lacks shows in the report.
 */
export function simdLevelsToTest(): { registered: string[]; skip: string | false; levels: Array<{ level: SimdLevel; skip: string | false }> } {
  const registered = registerFastKernels('wasm');
  const info = fastKernelInfo();
  const skip: string | false = info.native ? false : `native addon not built: ${info.reason}`;
  const levels = (['avx512', 'avx2', 'base'] as const).map((level) => ({
    level,
    skip: skip !== false ? skip : selectNativeSimd(level) ? (false as const) : `this CPU lacks ${level}`,
  }));
  restoreBestSimd();
  return { registered, skip, levels };
}

/** Back to the level the addon chose when it loaded (the best the CPU has). */
export function restoreBestSimd(): void {
  const best = fastKernelInfo().simdSupported;
  if (best !== null) selectNativeSimd(best === 'sse2' ? 'base' : (best as SimdLevel));
}

/** Loads the optional native addon built by scripts/build-native.mjs (null when absent). */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeKernels {
  info(): { gemm: string; simd: string };
}

let cached: NativeKernels | null | undefined;

export function loadNativeKernels(): NativeKernels | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.env.MULTIHOP_NATIVE_KERNELS === '0') return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const require = createRequire(import.meta.url);
  for (const root of [path.resolve(here, '../../..'), path.resolve(here, '../..')]) {
    const file = path.join(root, 'native/build/Release/multihop_kernels.node');
    if (existsSync(file)) {
      cached = require(file) as NativeKernels;
      break;
    }
  }
  return cached;
}

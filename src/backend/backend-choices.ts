/**
 * The backend choices and what a chosen backend reports, without TF.js: the CLI, the run's main
 * thread and the pool name and describe backends that their workers start (backend-init.ts).
 */
import { createRequire } from 'node:module';
import { ConfigError } from '../core/index.js';

/** Which TF.js backend runs the maths; recorded with every run. */
export interface BackendInfo {
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** The npm package that provides it, with its version. */
  package: string;
  /** Threads one model's maths may use. */
  threads: number;
  /** Kernels multihop registered on this backend because TF.js's are missing or slow. */
  customKernels: string[];
  /** WASM only: whether the SIMD build runs (about 3× faster than the plain one). */
  simd?: boolean;
}

/** Values of `--backend` / `MULTIHOP_BACKEND`, in the order they are tried when none is forced. */
export const BACKEND_CHOICES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** A backend name from `source` (a flag or an environment variable), checked against the choices. */
export function parseBackendChoice(value: string, source: string): BackendChoice {
  if ((BACKEND_CHOICES as readonly string[]).includes(value)) return value as BackendChoice;
  throw new ConfigError(`${source}: unknown backend '${value}'; expected one of ${BACKEND_CHOICES.join(', ')}`);
}

const require = createRequire(import.meta.url);

/**
 * The CPU backend `requested` (else MULTIHOP_BACKEND, else the automatic choice) resolves to, when
 * that is known without loading TF.js: 'wasm' or 'cpu' when forced, and 'wasm' when neither
 * tfjs-node package is installed (the automatic order tries them first; the wasm package always
 * is). Null when only loading TF.js can tell (a tfjs-node choice or installation) or the name is
 * not a backend (initBackend reports it).
 */
export function cpuBackendWithoutLoading(requested?: string): 'wasm' | 'cpu' | null {
  const choice = requested || process.env.MULTIHOP_BACKEND || '';
  if (choice !== '') return choice === 'wasm' || choice === 'cpu' ? choice : null;
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      require.resolve(pkg);
      return null;
    } catch {
      // Not installed: the automatic order moves on.
    }
  }
  return 'wasm';
}

/** One line describing a backend: `wasm (@tensorflow/tfjs-backend-wasm 4.22.0, 1 thread, SIMD)`. */
export function describeBackend(info: BackendInfo): string {
  const threads = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
  const extras = [info.package, threads, ...(info.simd ? ['SIMD'] : []), ...info.customKernels.map((k) => `+${k}`)];
  return `${info.name} (${extras.join(', ')})`;
}

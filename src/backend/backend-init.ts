import { createRequire } from 'node:module';
import os from 'node:os';
import * as tf from './tfjs.js';
import { BackendError } from '../core/index.js';
import { BACKEND_CHOICES, describeBackend, parseBackendChoice, type BackendChoice, type BackendInfo } from './backend-choices.js';
import { registerFastKernels } from '../kernels/index.js';
import { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter.js';
import { wasmConv2DBackpropInputConfig } from './wasm-conv2d-backprop-input.js';
import { wasmMaxPoolGradConfig } from './wasm-max-pool-grad.js';

const PACKAGES: Record<BackendChoice, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

const require = createRequire(import.meta.url);

function packageVersion(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown version';
  }
}

/** Registers `config` where TF.js has no kernel. */
function registerMissing(config: tf.KernelConfig): string[] {
  if (tf.getKernel(config.kernelName, config.backendName) !== undefined) return [];
  tf.registerKernel(config);
  return [config.kernelName];
}

/** Registers `config` over TF.js's own kernel of that name. */
function replaceStock(config: tf.KernelConfig): string[] {
  if (tf.getKernel(config.kernelName, config.backendName) !== undefined) {
    tf.unregisterKernel(config.kernelName, config.backendName);
  }
  tf.registerKernel(config);
  return [config.kernelName];
}

/**
 * multihop's JS+XNNPACK kernels first, then the native addon's (src/kernels) over them when it is
 * built: those fall back to whatever they replace, so ours stay the fallback.
 */
function registerWasmKernels(): string[] {
  const names = [
    ...registerMissing(wasmConv2DBackpropFilterConfig),
    ...replaceStock(wasmConv2DBackpropInputConfig),
    ...replaceStock(wasmMaxPoolGradConfig),
    ...registerFastKernels('wasm'),
  ];
  return [...new Set(names)];
}

/** Tries one backend; returns its info, or throws why it is unavailable. */
async function tryBackend(choice: BackendChoice): Promise<BackendInfo> {
  const pkg = PACKAGES[choice];
  if (choice !== 'cpu') {
    // Optional packages: absent ones throw here and the next backend is tried. The wasm
    // package's Node build finds its .wasm files next to itself: no setWasmPaths needed. Loaded
    // with require, as TF.js itself is (see tfjs.ts): an import would lex the CommonJS source first.
    require(pkg);
  }
  const tfName = choice === 'tensorflow-gpu' ? 'tensorflow' : choice;
  const customKernels = choice === 'wasm' ? registerWasmKernels() : [];
  if (!(await tf.setBackend(tfName))) {
    throw new Error(`tf.setBackend('${tfName}') failed`);
  }
  await tf.ready();
  const base = { package: `${pkg} ${packageVersion(pkg)}`, customKernels };
  if (tfName === 'tensorflow') {
    return { name: 'tensorflow', threads: os.availableParallelism(), ...base };
  }
  if (tfName === 'wasm') {
    // The threaded WASM build cannot start in Node (its workers come from blob: URLs, which
    // node:worker_threads refuses), and TF.js disables it there: one thread per model.
    return { name: 'wasm', threads: 1, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), ...base };
  }
  return { name: 'cpu', threads: 1, ...base };
}

/**
 * TF.js's cpu backend prints a multi-line "install tfjs-node" banner on its first tensor in Node
 * (even when it only holds a few constants beside wasm); the choice is already reported above.
 */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as (tf.KernelBackend & { firstUse?: boolean }) | null;
  if (cpu && 'firstUse' in cpu) cpu.firstUse = false;
}

let chosen: Promise<BackendInfo> | null = null;

/**
 * Picks and initialises the TF.js backend for this process (or worker thread), once.
 *
 * Without a request, tries `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node` (both optional
 * dependencies), the WASM backend (with multihop's missing kernels registered), then pure-JS cpu.
 * `requested` (CLI `--backend`), else env `MULTIHOP_BACKEND`, forces one of
 * `tensorflow-gpu | tensorflow | wasm | cpu`. Prints the choice to stderr unless `quiet`.
 * Later calls return the first call's result.
 *
 * @throws ConfigError for an unknown backend name; BackendError when a forced backend cannot load.
 */
export function initBackend(requested?: string, options: { quiet?: boolean } = {}): Promise<BackendInfo> {
  if (!chosen) {
    const attempt = chooseBackend(requested, options.quiet ?? false);
    // A failed choice is not cached: the caller may fix the flag and call again.
    attempt.catch(() => {
      if (chosen === attempt) chosen = null;
    });
    chosen = attempt;
  }
  return chosen;
}

async function chooseBackend(requested: string | undefined, quiet: boolean): Promise<BackendInfo> {
  const fromEnv = process.env.MULTIHOP_BACKEND;
  const forced =
    requested !== undefined && requested !== ''
      ? parseBackendChoice(requested, '--backend')
      : fromEnv !== undefined && fromEnv !== ''
        ? parseBackendChoice(fromEnv, 'MULTIHOP_BACKEND')
        : null;
  let info: BackendInfo | null = null;
  if (forced) {
    try {
      info = await tryBackend(forced);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw new BackendError(
        `backend '${forced}' is unavailable (${why}); install ${PACKAGES[forced]} or choose another of ${BACKEND_CHOICES.join(', ')}`,
        { cause },
      );
    }
  } else {
    for (const choice of BACKEND_CHOICES) {
      try {
        info = await tryBackend(choice);
        break;
      } catch {
        // Not installed or failed to start: fall through to the next backend.
      }
    }
    if (!info) throw new BackendError('no TF.js backend could be initialised, not even cpu');
  }
  silenceCpuBanner();
  if (!quiet) process.stderr.write(`multihop: backend ${describeBackend(info)}\n`);
  return info;
}

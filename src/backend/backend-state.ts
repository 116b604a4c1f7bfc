/**
 * Which TF.js backend this thread runs, or would start, without loading TF.js (issue 15 item 4):
 * code that trains beside TF.js, not through it (the fused dense step), only needs its name.
 *
 * tfjs.ts registers TF.js's own answer when it loads. A pool worker of a run whose models all
 * train in the fused step never loads TF.js: it plans the backend its run recorded, and registers
 * how to start it (hop-worker.ts), so that a hop that needs TF.js after all starts that backend
 * before it loads any (loadTfjs).
 */
type Tfjs = typeof import('./tfjs.js');

let loadedBackend: (() => string) | null = null;
let planned: string | null = null;
let starter: (() => Promise<unknown>) | null = null;

/** Called by tfjs.ts as it loads: from then on TF.js's getBackend() answers. */
export function registerLoadedTfjs(getBackend: () => string): void {
  loadedBackend = getBackend;
}

/** A worker that has not loaded TF.js: the backend it starts if a hop needs it, and how it starts it. */
export function planBackend(name: string | null, start: () => Promise<unknown>): void {
  planned = name;
  starter = start;
}

/** TF.js's backend in this thread once TF.js is loaded, else the planned one, else null. */
export function backendName(): string | null {
  return loadedBackend ? loadedBackend() : planned;
}

/**
 * TF.js, with the planned backend started first where one is planned; the code paths that build
 * TF.js models or tensors load it through this.
 */
export async function loadTfjs(): Promise<Tfjs> {
  if (starter) await starter();
  return import('./tfjs.js');
}

/** The backend's name, loading TF.js (with its planned backend) when nothing knows it yet. */
export async function knownBackendName(): Promise<string> {
  return backendName() ?? (await loadTfjs()).getBackend();
}

/**
 * KernelBackend.epsilon() of TF.js's float32 backends (cpu, wasm, tfjs-node): Adam's ε when the
 * fused step, which runs beside those, mirrors tf.train.adam.
 */
export const FLOAT32_EPSILON = 1e-7;

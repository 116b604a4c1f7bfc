/**
 * How a pool's workers receive what they need once, the dataset and the backend, after they have
 * started: on a BroadcastChannel named in their workerData. A pool can so start its threads (the
 * module graph, the native kernels and, for a run with networks, TF.js: most of a worker's
 * start-up) before the main thread has loaded the data or chosen the backend, and the two overlap.
 *
 * A worker asks when its channel opens; the pool answers every ask once it has the setup, and
 * broadcasts the setup when it gets it. A thread Piscina starts later (after one died) asks again.
 * The arrays of the data live in SharedArrayBuffers: a message shares them, it does not copy them.
 */
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import type { PreparedData } from '../core/index.js';

/** What every worker receives once. */
export interface HopWorkerSetup {
  /** Prepared splits whose typed arrays live in SharedArrayBuffers: shared, not copied. */
  data: PreparedData;
  /**
   * Backend the workers request (`--backend`, or the one the run recorded); in a run whose mlps the
   * fused step trains, the one the run planned and recorded, which they start only if a hop needs it.
   */
  backend?: string;
}

type SetupMessage = { kind: 'ask' } | { kind: 'setup'; setup: HopWorkerSetup } | { kind: 'loaded' };

/** The pool's side: answers asks and sends the setup once known; `close()` when the pool closes. */
export interface SetupSender {
  readonly channel: string;
  send(setup: HopWorkerSetup): void;
  /**
   * Resolves once `workers` threads have said their worker module is loaded (`announceLoaded`),
   * or after `timeoutMs`. Node 20 aborts the whole process ("FATAL ERROR: v8::Module::IsGraphAsync
   * must be used on an instantiated module") when a worker is terminated while require(esm), which
   * Piscina uses to load a worker file, is still instantiating its module graph: a pool closed right
   * after it started (a run refused on bad input, Ctrl-C) waits for this first.
   */
  loaded(workers: number, timeoutMs: number): Promise<void>;
  close(): void;
}

export function setupSender(): SetupSender {
  const channel = `multihop-pool-setup-${randomUUID()}`;
  const port = new BroadcastChannel(channel);
  // Never what keeps the process alive: the workers are.
  port.unref();
  let known: HopWorkerSetup | null = null;
  let loadedCount = 0;
  const waiting = new Set<() => void>();
  const post = () => {
    if (known) port.postMessage({ kind: 'setup', setup: known } satisfies SetupMessage);
  };
  port.onmessage = (event) => {
    const { kind } = (event as { data: SetupMessage }).data;
    if (kind === 'ask') post();
    if (kind === 'loaded') {
      loadedCount += 1;
      for (const check of waiting) check();
    }
  };
  return {
    channel,
    send(setup) {
      if (known) throw new Error('the pool setup was already sent');
      known = setup;
      post();
    },
    loaded: (workers, timeoutMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done(): void {
          clearTimeout(timer);
          waiting.delete(check);
          resolve();
        }
        function check(): void {
          if (loadedCount >= workers) done();
        }
        waiting.add(check);
        check();
      }),
    close: () => port.close(),
  };
}

/** The worker's side: tells the pool on `channel` that this thread's worker module is loaded. */
export function announceLoaded(channel: string): void {
  const port = new BroadcastChannel(channel);
  port.postMessage({ kind: 'loaded' } satisfies SetupMessage);
  port.close();
}

/** The worker's side: resolves with the setup the pool sends on `channel`. */
export function receiveSetup(channel: string): Promise<HopWorkerSetup> {
  return new Promise((resolve) => {
    const port = new BroadcastChannel(channel);
    port.onmessage = (event) => {
      const message = (event as { data: SetupMessage }).data;
      if (message.kind !== 'setup') return;
      port.close();
      resolve(message.setup);
    };
    port.postMessage({ kind: 'ask' } satisfies SetupMessage);
  });
}

/**
 * What every command that drives searches shares (`search`, `resume`, `sweep`): the store it
 * writes, Ctrl-C handling, and the hooks each search gets.
 */
import type { ProgramOptions } from './program.js';
import { openStore, type ResultsStore } from '../store/index.js';
import type { RunHooks } from '../run/index.js';

/** Opens the store for writing, runs `body`, closes it. */
export async function withStoreAsync<T>(path: string, body: (store: ResultsStore) => Promise<T>): Promise<T> {
  const store = openStore(path);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

/** Ctrl-C once: stop cleanly (state kept, resumable). Twice: leave at once. */
export function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\nmultihop: stopping now\n');
      process.exit(130);
    }
    process.stderr.write('\nmultihop: stopping after abandoning the hops in flight (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}

/**
 * The hooks every search the CLI drives gets: `search`, `resume` and each run of a sweep. What
 * changes how hops are trained (a worker module, a trainer) is given here, once, for all three.
 */
export function searchHooks(options: ProgramOptions, signal: AbortSignal): RunHooks {
  return { signal, workerFile: options.workerFile };
}


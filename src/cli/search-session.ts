/**
 * What every command that drives searches shares (`search`, `resume`, `sweep`): the store it
 * writes, Ctrl-C handling, and the hooks each search gets.
 */
import type { ProgramOptions } from './program.js';
import { openStore, type ResultsStore } from '../store/index.js';
import type { RunHooks } from '../run/index.js';
import { ConfigError } from '../core/index.js';
import { checkQueueUrl } from '../queue/queue-url.js';

/** `--queue`, `--jobs` and `--workers` as a command parsed them. */
export interface QueueFlags {
  queue?: string;
  jobs?: number;
  workers?: number;
}

/** `--queue` and `--jobs` as run hooks; `--workers` sets local threads, which a queued run has none of. */
export function queueHooks(flags: QueueFlags): Pick<RunHooks, 'queue'> {
  if (flags.queue === undefined) {
    if (flags.jobs !== undefined) throw new ConfigError('--jobs sets hops in flight on a queue; give --queue redis://host:port too, or use --workers for local threads');
    return {};
  }
  if (flags.workers !== undefined) throw new ConfigError('--workers sets local threads; with --queue the workers are `multihop worker` processes: use --jobs for hops in flight');
  return { queue: { url: checkQueueUrl(flags.queue), ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}) } };
}

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


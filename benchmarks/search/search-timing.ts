/**
 * Where a search's time goes (issue 15 item 4), measured without changing the product: the
 * workers' own timestamps (timed-hop-worker.ts, over a BroadcastChannel), the main thread's
 * event-loop utilisation, and a timing wrapper around the results store the run writes to.
 *
 * Every worker's share of wall × workers is split into start-up (thread start to backend ready),
 * training (trainNode's own time), hop-job overhead (the rest of a train job inside the worker:
 * transfer inputs, model build and weight serialisation), teacher signals (signal jobs) and idle
 * (no job: waiting for the main thread, or for a hop whose dependencies are done).
 */
import { BroadcastChannel } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { RunProgress } from '../../src/run/index.js';
import type { ResultsStore } from '../../src/store/index.js';

export const TIMING_CHANNEL = 'multihop-bench-search-timing';

/** What a timed worker posts; `started`/`ended` are absolute ms (timeOrigin + now). */
export type WorkerTiming =
  | { kind: 'ready'; thread: number; started: number; ended: number; waitingMs: number }
  | { kind: 'train'; thread: number; started: number; ended: number; trainMs: number }
  | { kind: 'signal'; thread: number; started: number; ended: number };

/** One search's time, in seconds summed over the workers (their total is wall × workers). */
export interface SearchTimeSplit {
  workers: number;
  wallS: number;
  startupS: number;
  trainingS: number;
  jobOverheadS: number;
  signalS: number;
  idleS: number;
  /** Main thread: event loop busy, of which store calls and planning (the controller's plans, as progress reports them). */
  mainBusyS: number;
  storeWriteS: number;
  storeReadS: number;
  planS: number;
  plans: number;
}

const now = () => performance.timeOrigin + performance.now();

/** Store methods that write; everything else reads. */
const WRITES = /^(record|mark|add|set|stop|create|reset|requeue|release|acquire|renew)/;

/**
 * Starts timing one search: returns the store to hand to the run, the observer hook that reads the
 * planning time from progress, and `finish()`, which stops listening and splits the time.
 */
export function startSearchTiming(store: ResultsStore): {
  store: ResultsStore;
  onProgress: (progress: RunProgress) => void;
  finish(workers: number): Promise<SearchTimeSplit>;
} {
  const started = now();
  const elu = performance.eventLoopUtilization();
  const timings: WorkerTiming[] = [];
  const channel = new BroadcastChannel(TIMING_CHANNEL);
  channel.onmessage = (event) => timings.push((event as { data: WorkerTiming }).data);
  let storeWriteMs = 0;
  let storeReadMs = 0;
  let planning: RunProgress['planning'] = { plans: 0, ms: 0 };
  // The store is a frozen object of methods: time each through a copy (a Proxy may not change frozen members).
  const timed = {} as Record<string, unknown>;
  for (const name of Object.keys(store)) {
    const value = (store as unknown as Record<string, unknown>)[name];
    if (typeof value !== 'function') {
      Object.defineProperty(timed, name, { get: () => (store as unknown as Record<string, unknown>)[name], enumerable: true });
      continue;
    }
    timed[name] = (...args: unknown[]) => {
      const t0 = performance.now();
      try {
        return (value as (...a: unknown[]) => unknown).apply(store, args);
      } finally {
        const ms = performance.now() - t0;
        if (WRITES.test(name)) storeWriteMs += ms;
        else storeReadMs += ms;
      }
    };
  }
  return {
    store: timed as unknown as ResultsStore,
    onProgress(progress) {
      planning = progress.planning;
    },
    async finish(workers) {
      const ended = now();
      const busy = performance.eventLoopUtilization(elu);
      // Let the last posts arrive: a worker posts just before its result is returned.
      await new Promise((resolve) => setTimeout(resolve, 50));
      channel.close();
      const wallMs = ended - started;
      const sum = (kind: WorkerTiming['kind'], f: (t: WorkerTiming) => number) =>
        timings.filter((t) => t.kind === kind).reduce((s, t) => s + f(t), 0);
      // A thread that started before this search (none do: each search has its own pool) counts from
      // the search's start; its wait for the pool to send the data is idle time, not start-up.
      const startupMs = sum('ready', (t) => Math.min(t.ended, ended) - Math.max(t.started, started) - (t.kind === 'ready' ? t.waitingMs : 0));
      const trainJobsMs = sum('train', (t) => t.ended - t.started);
      const trainingMs = sum('train', (t) => (t.kind === 'train' ? t.trainMs : 0));
      const signalMs = sum('signal', (t) => t.ended - t.started);
      const capacityMs = wallMs * workers;
      return {
        workers,
        wallS: wallMs / 1000,
        startupS: startupMs / 1000,
        trainingS: trainingMs / 1000,
        jobOverheadS: (trainJobsMs - trainingMs) / 1000,
        signalS: signalMs / 1000,
        idleS: (capacityMs - startupMs - trainJobsMs - signalMs) / 1000,
        mainBusyS: busy.active / 1000,
        storeWriteS: storeWriteMs / 1000,
        storeReadS: storeReadMs / 1000,
        planS: planning.ms / 1000,
        plans: planning.plans,
      };
    },
  };
}

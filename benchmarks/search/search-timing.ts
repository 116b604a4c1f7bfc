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
import { readFileSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import type { RunProgress } from '../../src/run/index.js';
import type { ResultsStore } from '../../src/store/index.js';

export const TIMING_CHANNEL = 'multihop-bench-search-timing';

/**
 * A thread's own CPU time since it started, from Linux's /proc/thread-self/schedstat: the time it
 * ran on a core and the time it was ready to run but waited for one (both in ms). Null elsewhere.
 */
export interface ThreadCpu {
  runMs: number;
  waitMs: number;
}

export function threadCpu(): ThreadCpu | null {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { runMs: run / 1e6, waitMs: wait / 1e6 } : null;
  } catch {
    return null;
  }
}

/**
 * What a timed worker posts; `started`/`ended` are absolute ms (timeOrigin + now), `cpu` the
 * thread's CPU time since it started ({@link threadCpu}), read as it posts.
 */
export type WorkerTiming = (
  | { kind: 'ready'; thread: number; started: number; ended: number; waitingMs: number }
  | { kind: 'train'; thread: number; started: number; ended: number; trainMs: number }
  | { kind: 'signal'; thread: number; started: number; ended: number }
) & { cpu?: ThreadCpu | null };

/**
 * CPU seconds a search used, by thread (Linux only): the whole process (process.cpuUsage, every
 * thread), the main thread, the workers (each thread from its start to its last job), and the
 * rest: V8's background threads (optimising compiler, garbage collector) and libuv's. `...WaitS`:
 * time those threads were ready to run but waited for a core.
 */
export interface SearchCpu {
  processS: number;
  mainS: number;
  mainWaitS: number;
  workersS: number;
  workersWaitS: number;
  otherS: number;
}

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
  /** Absent where the OS gives no per-thread CPU time. */
  cpu?: SearchCpu;
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
  const processCpu = process.cpuUsage();
  const mainCpu = threadCpu();
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
      const processUsed = process.cpuUsage(processCpu);
      const mainUsed = threadCpu();
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
      // Each worker's CPU is cumulative since its thread started: its last post holds its total.
      const lastCpu = new Map<number, ThreadCpu>();
      for (const t of timings) if (t.cpu) lastCpu.set(t.thread, t.cpu);
      const workersCpu = [...lastCpu.values()];
      const cpu: SearchCpu | undefined =
        mainCpu && mainUsed && workersCpu.length > 0
          ? (() => {
              const processS = (processUsed.user + processUsed.system) / 1e6;
              const mainS = (mainUsed.runMs - mainCpu.runMs) / 1000;
              const workersS = workersCpu.reduce((sum, c) => sum + c.runMs, 0) / 1000;
              return {
                processS,
                mainS,
                mainWaitS: (mainUsed.waitMs - mainCpu.waitMs) / 1000,
                workersS,
                workersWaitS: workersCpu.reduce((sum, c) => sum + c.waitMs, 0) / 1000,
                otherS: Math.max(0, processS - mainS - workersS),
              };
            })()
          : undefined;
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
        ...(cpu ? { cpu } : {}),
      };
    },
  };
}

/**
 * Scheduling only: asks the controller what to train, hands each hop to `trainHop` as soon as it is
 * asked for, and plans again whenever a hop settles, until the controller is done. It knows
 * nothing of stores, trainers or retries.
 */
import type { HopSpec, NodeOutcome } from '../core/index.js';
import type { SearchController, SearchProgress, SearchResult } from '../search/index.js';

export interface ScheduleOptions {
  controller: SearchController;
  /** The stored outcome of every node; the controller plans from these alone. */
  outcomes(): NodeOutcome[];
  /** Carries one hop to done or failed for good; rejects only when the run must stop. */
  trainHop(hop: HopSpec): Promise<void>;
  /** Hops trained at once; the queue is not planned deeper than twice this. */
  concurrency: number;
  /** Aborting stops the loop with `interrupted()` once the hops in flight have settled. */
  abort?: AbortSignal;
  interrupted(): Error;
  /** Every plan's progress, before its hops are submitted, and how long the plan took (ms, this thread). */
  onPlan?(progress: SearchProgress, planMs: number): void;
  /** After a plan's hops are submitted. */
  onSubmitted?(): void;
  /** Called once, when a hop first stops the run: abandon the others instead of waiting for them. */
  onStop?(): void;
}

/**
 * Plans, trains what the plan asks for, and plans again as soon as a hop finishes, so a hop whose
 * dependencies are done starts at once instead of waiting for the slowest hop of its step: a
 * worker never idles while the controller has work. Planning from partial outcomes is what resume
 * does, so the hops trained and the result are the same as with whole steps.
 */
export async function scheduleHops(options: ScheduleOptions): Promise<SearchResult> {
  const { controller, concurrency } = options;
  const inFlight = new Map<string, Promise<void>>();
  // The first error a hop stopped with (an interrupt, a store error), thrown by the loop.
  const stop: { failure: { error: unknown } | null } = { failure: null };
  const submit = (hop: HopSpec): void => {
    const settled = options
      .trainHop(hop)
      .catch((error: unknown) => {
        if (stop.failure) return;
        stop.failure = { error };
        options.onStop?.();
      })
      .finally(() => inFlight.delete(hop.key));
    inFlight.set(hop.key, settled);
  };
  const nextSettled = () => Promise.race(inFlight.values());
  // While more hops are queued than the trainer can start, a plan could only add to the queue:
  // wait instead (a plan reads every node; planning after each of hundreds of hops is quadratic).
  const queueIsDeep = () => inFlight.size > 2 * concurrency;
  try {
    for (;;) {
      if (stop.failure) throw stop.failure.error;
      if (options.abort?.aborted) throw options.interrupted();
      const planStarted = performance.now();
      const step = controller.plan(options.outcomes());
      options.onPlan?.(step.progress, performance.now() - planStarted);
      if (step.kind === 'done' && inFlight.size === 0) return step.result;
      if (step.kind === 'run') for (const hop of step.hops) if (!inFlight.has(hop.key)) submit(hop);
      options.onSubmitted?.();
      do await nextSettled();
      while (!stop.failure && !options.abort?.aborted && queueIsDeep());
    }
  } finally {
    // Never leave hops running behind a thrown error: the caller resets interrupted nodes.
    while (inFlight.size > 0) await nextSettled();
  }
}

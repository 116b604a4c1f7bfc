import type { SignalJob, SignalJobResult, TrainJob, TrainJobResult } from './hop-job.js';

/**
 * What trains hops for a run: the local Piscina pool (src/pool) today; a queue of remote workers
 * can implement the same three calls. The hop lifecycle (src/run/hop-lifecycle.ts) talks to this
 * interface only, so a new trainer never touches retries, signals or the store.
 */
export interface HopTrainer {
  /** How many hops it trains at once (used for the ETA and to bound the queue). */
  readonly concurrency: number;
  /** Trains one node; rejects when training fails or `abort` fires. */
  train(job: TrainJob, abort?: AbortSignal): Promise<TrainJobResult>;
  /** Computes a trained node's teacher signal. */
  signal(job: SignalJob, abort?: AbortSignal): Promise<SignalJobResult>;
  /** Stops it; jobs in flight reject. */
  close(): Promise<void>;
}

/**
 * Progress of a run for terminals and logs: hops done/failed/running out of the total the search
 * knows of so far, the best chain so far, and an ETA from the mean hop time.
 */
import type { HopSpec } from '../core/index.js';
import { progressBest, type SearchProgress, type SearchResult } from '../search/index.js';
import type { HopSettled } from './hop-lifecycle.js';

/** Progress of a run, for terminals and logs. */
export interface RunProgress {
  runId: string;
  /** Nodes trained (or failed for good) so far, and the total the search knows of so far. */
  done: number;
  failed: number;
  total: number;
  running: number;
  /** Best chain so far (target's mean validation accuracy) and its label. */
  best?: { label: string; validation: number };
  /** Estimated milliseconds left for the nodes known so far. */
  etaMs?: number;
  /** The controller's plans so far in this session, and the milliseconds they took on the run's thread. */
  planning: { plans: number; ms: number };
}

/** Counts hops as the lifecycle reports them and tells `onProgress` after every change. */
export class ProgressTracker {
  private trained = 0;
  private trainMs = 0;
  private running = 0;
  private planned: SearchProgress = { done: 0, failed: 0, open: 0, known: 0 };
  private readonly planning = { plans: 0, ms: 0 };

  constructor(
    private readonly runId: string,
    private readonly concurrency: number,
    private readonly onProgress?: (progress: RunProgress) => void,
  ) {}

  /** Nodes trained by this session. */
  get nodesTrained(): number {
    return this.trained;
  }

  /** The controller's latest count of done, failed and open hops, and how long that plan took. */
  plan(progress: SearchProgress, planMs: number): void {
    this.planned = progress;
    this.planning.plans += 1;
    this.planning.ms += planMs;
  }

  attemptStarted(_hop: HopSpec): void {
    this.running += 1;
    this.report();
  }

  attemptSettled(_hop: HopSpec, settled: HopSettled): void {
    if (settled.kind === 'done') {
      this.trained += 1;
      this.trainMs += settled.wallMs;
      this.planned = { ...this.planned, done: this.planned.done + 1 };
    } else if (settled.kind === 'failed') {
      this.planned = { ...this.planned, failed: this.planned.failed + 1 };
    }
    this.running -= 1;
    this.report();
  }

  /** Tells the observer; once the search is done, `result` names the selected chain as best. */
  report(result?: SearchResult): void {
    if (!this.onProgress) return;
    const { done, failed, known } = this.planned;
    const finished = done + failed;
    const meanHopMs = this.trained > 0 ? this.trainMs / this.trained : undefined;
    const remaining = Math.max(0, known - finished);
    // Once the search is done, the selected chain (the best seen may be a longer one that did not
    // beat it by minGain).
    const best = result?.best ? progressBest(result.best) : this.planned.best;
    this.onProgress({
      runId: this.runId,
      done,
      failed,
      total: Math.max(known, finished),
      running: this.running,
      best,
      etaMs: meanHopMs === undefined ? undefined : (remaining * meanHopMs) / this.concurrency,
      planning: { ...this.planning },
    });
  }
}

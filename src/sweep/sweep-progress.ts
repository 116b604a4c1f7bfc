/**
 * Progress of a sweep: runs done/total, hops done/total (hops of the runs settled so far plus the
 * current run's), the current run's best chain, and an ETA from the time per hop so far.
 */
import type { RunProgress } from '../run/index.js';
import type { SweepRecord } from '../store/index.js';

/** Progress of a sweep, for terminals and logs. */
export interface SweepProgress {
  sweepId: string;
  /** Runs settled (done, or failed this time), failed among them, and the sweep's total. */
  runsDone: number;
  runsFailed: number;
  runsTotal: number;
  /** Hops settled in the settled runs plus the current run's, and their known total. */
  hopsDone: number;
  hopsTotal: number;
  /** The run in progress: its id, combination and best chain so far. */
  current?: { runId: string; label: string; running: number; best?: RunProgress['best'] };
  /**
   * Estimated milliseconds left: the mean time per hop trained so far times the hops left in the
   * current run plus, for each run not started, the mean hops per run seen so far. A lower bound
   * for the current run (its search adds hops as it goes).
   */
  etaMs?: number;
}

/** What a sweep tells the terminal or log. */
export interface SweepObserver {
  /** A combination's run is about to start or resume. */
  onRunStart?(info: { sweep: SweepRecord; position: number; runId: string; label: string; resumed: boolean }): void;
  onProgress?(progress: SweepProgress): void;
  /** A line worth showing (a run's warning, a failed run). */
  onMessage?(line: string): void;
}

/** Counts runs and hops as the sweep reports them and tells `onProgress` after every change. */
export class SweepProgressTracker {
  private runsDone = 0;
  private runsFailed = 0;
  private hopsSettled = 0;
  private current?: { runId: string; label: string; first: number; progress: RunProgress };
  /** Hops this session trained, in settled runs; and when the session started. */
  private trainedBefore = 0;
  private readonly startedAt: number;

  constructor(
    private readonly sweepId: string,
    private readonly runsTotal: number,
    private readonly onProgress?: (progress: SweepProgress) => void,
    /** The clock (tests pass their own). */
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** The current run reported progress. */
  runProgress(runId: string, label: string, progress: RunProgress): void {
    if (this.current?.runId !== runId) this.current = { runId, label, first: progress.done + progress.failed, progress };
    this.current.progress = progress;
    this.report();
  }

  /** A run ended (or was found done) with `hops` settled; `failed` when it failed this time. */
  runSettled(hops: number, failed: boolean): void {
    if (this.current) this.trainedBefore += Math.max(0, hops - this.current.first);
    this.current = undefined;
    this.runsDone += 1;
    if (failed) this.runsFailed += 1;
    this.hopsSettled += hops;
    this.report();
  }

  private report(): void {
    if (!this.onProgress) return;
    const progress = this.current?.progress;
    const currentDone = progress ? progress.done + progress.failed : 0;
    const trained = this.trainedBefore + (this.current ? Math.max(0, currentDone - this.current.first) : 0);
    const settledRuns = this.runsDone;
    const meanHopsPerRun = settledRuns > 0 ? this.hopsSettled / settledRuns : progress?.total;
    const runsNotStarted = this.runsTotal - this.runsDone - (this.current ? 1 : 0);
    const hopsLeft = (progress ? Math.max(0, progress.total - currentDone) : 0) + runsNotStarted * (meanHopsPerRun ?? 0);
    this.onProgress({
      sweepId: this.sweepId,
      runsDone: this.runsDone,
      runsFailed: this.runsFailed,
      runsTotal: this.runsTotal,
      hopsDone: this.hopsSettled + currentDone,
      hopsTotal: this.hopsSettled + (progress?.total ?? 0),
      ...(this.current && progress
        ? { current: { runId: this.current.runId, label: this.current.label, running: progress.running, ...(progress.best ? { best: progress.best } : {}) } }
        : {}),
      ...(trained > 0 && meanHopsPerRun !== undefined ? { etaMs: ((this.now() - this.startedAt) / trained) * hopsLeft } : {}),
    });
  }
}

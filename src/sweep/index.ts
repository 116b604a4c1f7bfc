/**
 * Sweeps (issue 14): a sweep file names a grid of `search` flags; each combination becomes a run
 * in one results store, tagged with the sweep. Driving a sweep starts, resumes or skips each
 * combination's run; its report is one table across the runs.
 */
export { combinationArgv, combinationLabel, combinationRequest, loadSweepFile, MAX_COMBINATIONS, parseSweep, valueText } from './sweep-file.js';
export type { LoadedSweep, SweepFlag, SweepSpec } from './sweep-file.js';
export { driveSweep, openSweep, requireSweep } from './sweep-driver.js';
export type { SweepHooks, SweepOutcome } from './sweep-driver.js';
export { SweepProgressTracker } from './sweep-progress.js';
export type { SweepObserver, SweepProgress } from './sweep-progress.js';
export {
  collectSweepReport,
  combinationStatus,
  renderSweepHtml,
  renderSweepMarkdown,
  renderSweepReport,
  sweepStatus,
  SWEEP_REPORT_FORMATS,
} from './sweep-report.js';
export type { CombinationStatus, SweepBest, SweepChainCell, SweepReport, SweepReportRow, SweepStatus } from './sweep-report.js';

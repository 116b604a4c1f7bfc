/**
 * One hop: the jobs a trainer receives, the pure `runHop` that carries one out, and the
 * `HopTrainer` interface the runner trains through (the local pool in src/pool implements it).
 */
export { jobBuildsTfjsModel, jobRunsOnBackend, runHop, type HopContext } from './run-hop.js';
export type { HopTrainer } from './hop-trainer.js';
export type { HopJob, HopJobResult, SignalJob, SignalJobResult, TrainJob, TrainJobResult, TrainedNode } from './hop-job.js';
export { chosenSettings, MAX_TUNE_TRIALS } from './hop-tuning.js';
export { outOfFoldLogits, stratifiedFolds } from './out-of-fold.js';

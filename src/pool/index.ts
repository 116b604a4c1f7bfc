export { createHopPool, defaultWorkerCount } from './hop-pool.js';
export type { HopPool, HopPoolOptions } from './hop-pool.js';
export type { HopJob, HopWorkerData, SignalJob, SignalJobResult, TrainJob, TrainJobResult } from './hop-job.js';

/** The local hop trainer: worker threads (Piscina) that run `runHop` on a shared dataset. */
export { createPoolTrainer, defaultWorkerCount } from './pool-trainer.js';
export type { HopWorkerData, PoolTrainerOptions } from './pool-trainer.js';
export { checkWorkerCount, maxWorkers, workerLimit } from './worker-limit.js';

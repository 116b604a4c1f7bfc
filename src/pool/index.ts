/** The local hop trainer: worker threads (Piscina) that run `runHop` on a shared dataset. */
export { createPoolTrainer, defaultWorkerCount, startPool } from './pool-trainer.js';
export type { HopWorkerData, PoolStartOptions, PoolTrainerOptions, StartedPool } from './pool-trainer.js';
export type { HopWorkerSetup } from './pool-setup.js';
export { checkWorkerCount, maxWorkers, workerLimit } from './worker-limit.js';

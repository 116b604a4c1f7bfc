/**
 * Hops across machines: a `HopTrainer` over a BullMQ queue on Redis (the coordinator side), the
 * `multihop worker` loop that trains queued hops with a local pool, and the job format both
 * check (versioned, schema-validated, typed arrays base64-encoded, datasets by content hash).
 */
export { createQueueTrainer, DEFAULT_JOBS_IN_FLIGHT, type QueueTrainerOptions } from './queue-trainer.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions } from './queue-worker.js';
export { checkQueueUrl, redactQueueArgs, redactQueueUrl } from './queue-url.js';
export { PACKAGE_VERSION, parseHopJob, queueJobId, type QueueJobData, type QueueJobReturn } from './queue-job.js';
export { HOP_QUEUE_NAME } from './queue-names.js';
export { encodeDataset } from './queue-dataset.js';
export { fromWire, toWire } from './wire-format.js';

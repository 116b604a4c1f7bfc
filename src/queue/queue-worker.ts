/**
 * `multihop worker`: pulls hop jobs from the queue and trains them with a local Piscina pool on
 * this machine's cores. Every job is checked before anything runs (version, then the same schemas
 * as a search-space file); a refused job fails at once, with its reason, and is never retried.
 * Datasets are fetched once per content hash; a pool per dataset starts on its first job and
 * closes when it has been idle a while.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { PreparedData } from '../core/index.js';
import { toSharedMemory } from '../data/index.js';
import type { HopJobResult, HopTrainer } from '../hop/index.js';
import { archLabel } from '../models/index.js';
import { createPoolTrainer, defaultWorkerCount } from '../pool/index.js';
import { fetchDataset } from './queue-dataset.js';
import { describeJob, PACKAGE_VERSION, parseEnvelope, parseHopJob, type QueueJobData, type QueueJobReturn } from './queue-job.js';
import { HOP_QUEUE_NAME } from './queue-names.js';
import { queueConnection } from './queue-connection.js';
import { redactQueueUrl } from './queue-url.js';
import { fromWire, toWire } from './wire-format.js';

export interface QueueWorkerOptions {
  url: string;
  /** Pool threads, and jobs taken at once; default: one per core. */
  workers?: number;
  backend?: string;
  /** Hop worker module for the pool (tests gate hops through it). */
  workerFile?: string | URL;
  /** BullMQ lock on a job in training; a dead worker's job is given to another after it lapses (ms, default 30 000). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (ms, default 30 000). */
  stalledIntervalMs?: number;
  /** A dataset's pool is closed after this long without jobs (ms, default 300 000). */
  idleCloseMs?: number;
  /** One line per job, and connection news. */
  onLine(line: string): void;
}

export interface QueueWorker {
  /** Stops taking jobs; waits for the ones in flight unless `force` (then they go back to the queue once their lock lapses). */
  close(force?: boolean): Promise<void>;
  /** Jobs training now. */
  readonly active: number;
}

interface DatasetPool {
  trainer: HopTrainer;
  active: number;
  idleSince: number;
}

/** A job this worker will not run, for a reason the coordinator is shown as it is. */
const refuse = (reason: string) => new UnrecoverableError(`refused by worker ${hostname()}: ${reason}`);

/** Starts pulling jobs; resolves once connected. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const workers = options.workers ?? defaultWorkerCount();
  const shown = redactQueueUrl(options.url);
  let lastError = '';
  const onError = (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    options.onLine(`worker: queue ${shown}: ${error.message}; reconnecting`);
  };
  const redis = queueConnection(options.url, onError);
  redis.on('ready', () => {
    if (lastError !== '') options.onLine(`worker: reconnected to ${shown}`);
    lastError = '';
  });
  const datasets = new Map<string, Promise<PreparedData>>();
  const pools = new Map<string, DatasetPool>();
  let active = 0;

  const poolFor = async (hash: string): Promise<DatasetPool> => {
    let data = datasets.get(hash);
    if (!data) {
      data = fetchDataset(redis, hash).then(toSharedMemory);
      datasets.set(hash, data);
      data.catch(() => datasets.delete(hash));
    }
    const prepared = await data;
    let pool = pools.get(hash);
    if (!pool) {
      pool = { trainer: createPoolTrainer({ data: prepared, workers, backend: options.backend, workerFile: options.workerFile }), active: 0, idleSince: Date.now() };
      pools.set(hash, pool);
    }
    return pool;
  };
  const idleCloseMs = options.idleCloseMs ?? 300_000;
  const sweep = setInterval(() => {
    for (const [hash, pool] of pools) {
      if (pool.active === 0 && Date.now() - pool.idleSince > idleCloseMs) {
        pools.delete(hash);
        datasets.delete(hash);
        void pool.trainer.close();
      }
    }
  }, Math.min(idleCloseMs, 60_000));
  sweep.unref();

  const processJob = async (job: Job<QueueJobData, QueueJobReturn>): Promise<QueueJobReturn> => {
    const where = `job ${job.id ?? '?'}`;
    const envelope = parseEnvelope(job.data, where);
    if (!envelope.ok) throw refuse(envelope.reason);
    if (envelope.data.version !== PACKAGE_VERSION) {
      throw refuse(`the job comes from multihop ${envelope.data.version} and this worker runs ${PACKAGE_VERSION}; run the same version on the coordinator and every worker`);
    }
    let decoded: unknown;
    try {
      decoded = fromWire(envelope.data.job);
    } catch (error) {
      throw refuse((error as Error).message);
    }
    const parsed = parseHopJob(decoded, where);
    if (!parsed.ok) throw refuse(parsed.reason);
    const hopJob = parsed.job;
    const pool = await poolFor(envelope.data.dataset);
    pool.active += 1;
    active += 1;
    const started = performance.now();
    const { nodeKey, arch, method } = describeJob(hopJob);
    try {
      const result: HopJobResult = hopJob.kind === 'train' ? await pool.trainer.train(hopJob) : await pool.trainer.signal(hopJob);
      options.onLine(`${nodeKey} ${archLabel(arch)} ${method} ${((performance.now() - started) / 1000).toFixed(1)}s`);
      return { version: PACKAGE_VERSION, result: toWire(result) };
    } catch (error) {
      options.onLine(`${nodeKey} ${archLabel(arch)} ${method} failed: ${(error as Error).message}`);
      throw error;
    } finally {
      pool.active -= 1;
      pool.idleSince = Date.now();
      active -= 1;
    }
  };

  const worker = new Worker<QueueJobData, QueueJobReturn>(HOP_QUEUE_NAME, processJob, {
    connection: redis,
    concurrency: workers,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A job whose workers keep dying is given out again a few times before BullMQ fails it; the
    // coordinator then queues it afresh (an interruption is never a failed attempt).
    maxStalledCount: 3,
    autorun: false,
  });
  worker.on('error', onError);
  void worker.run();
  await worker.waitUntilReady();
  options.onLine(`worker: ${workers} thread${workers === 1 ? '' : 's'} on ${hostname()}, waiting for hops on ${shown}`);

  return {
    get active() {
      return active;
    },
    async close(force = false) {
      clearInterval(sweep);
      await worker.close(force);
      await Promise.all([...pools.values()].map((pool) => pool.trainer.close()));
      pools.clear();
      redis.disconnect();
    },
  };
}

/**
 * The distributed hop trainer: hop jobs go to a BullMQ queue on Redis, `multihop worker`
 * processes anywhere train them, and their results come back here, to the coordinator, which stays
 * the only writer of the results store (the hop lifecycle records them as it does the pool's).
 *
 * A job's id is its node key (with its kind and dataset), so a job is idempotent by node: asking
 * again for a hop that is queued or training attaches to that job, and asking for one that
 * finished while the coordinator was down collects its kept result without training it again.
 */
import { setMaxListeners } from 'node:events';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { QueueError, TrainingError, type PreparedData } from '../core/index.js';
import type { HopJob, HopJobResult, HopTrainer, SignalJobResult, TrainJobResult } from '../hop/index.js';
import { encodeDataset, publishDataset } from './queue-dataset.js';
import { PACKAGE_VERSION, parseHopResult, queueJobId, type QueueJobData, type QueueJobReturn } from './queue-job.js';
import { DEFAULT_JOBS_IN_FLIGHT, HOP_QUEUE_NAME, STALLED_REASON } from './queue-names.js';
import { queueConnection } from './queue-connection.js';
import { redactQueueUrl } from './queue-url.js';
import { fromWire, toWire } from './wire-format.js';

export { DEFAULT_JOBS_IN_FLIGHT };

/** How long finished jobs (and their results) stay in Redis for a coordinator to collect. */
const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;

export interface QueueTrainerOptions {
  /** `redis://…` or `rediss://…`, possibly with a password. */
  url: string;
  /** The run's prepared data, published once by content hash. */
  data: PreparedData;
  /** Hops in flight (the scheduler's concurrency); default {@link DEFAULT_JOBS_IN_FLIGHT}. */
  jobs?: number;
  /** How often the coordinator also polls its jobs' states, besides BullMQ's events (ms, default 1000). */
  pollMs?: number;
  /** How long to wait for Redis at start before giving up (ms, default 10 000). */
  connectTimeoutMs?: number;
  /** The version stamped on jobs (tests send another to see it refused); default this package's. */
  version?: string;
  /** One line for the user (a lost connection). */
  onMessage?(line: string): void;
}

interface Waiter {
  data: QueueJobData;
  name: HopJob['kind'];
  promise: Promise<HopJobResult>;
  resolve(result: HopJobResult): void;
  reject(error: Error): void;
}

async function reachable(redis: Redis, url: string, timeoutMs: number, lastError: () => string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs))),
    ]);
  } catch (error) {
    redis.disconnect();
    const cause = lastError() || (error as Error).message;
    throw new QueueError(`cannot reach Redis at ${redactQueueUrl(url)}: ${cause}; start redis-server or fix --queue`);
  } finally {
    clearTimeout(timer);
  }
}

/** Publishes the dataset and returns a `HopTrainer` over the queue; close it with `close()`. */
export async function createQueueTrainer(options: QueueTrainerOptions): Promise<HopTrainer> {
  const jobs = options.jobs ?? DEFAULT_JOBS_IN_FLIGHT;
  if (!Number.isInteger(jobs) || jobs < 1) throw new QueueError(`--jobs must be a positive integer, got ${String(options.jobs)}`);
  let lastError = '';
  let started = false;
  const onError = (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    // Before the start is confirmed the error is the start's failure message, not news.
    if (started) options.onMessage?.(`queue ${redactQueueUrl(options.url)}: ${error.message}; reconnecting`);
  };
  const redis = queueConnection(options.url, onError);
  await reachable(redis, options.url, options.connectTimeoutMs ?? 10_000, () => lastError);
  started = true;
  redis.on('ready', () => (lastError = ''));
  const dataset = encodeDataset(options.data);
  await publishDataset(redis, dataset);
  const queue = new Queue(HOP_QUEUE_NAME, { connection: redis });
  // BullMQ never closes a connection it was given: both are disconnected in close().
  const eventsConnection = redis.duplicate();
  const events = new QueueEvents(HOP_QUEUE_NAME, { connection: eventsConnection });
  events.on('error', onError);
  queue.on('error', onError);
  const version = options.version ?? PACKAGE_VERSION;
  const waiters = new Map<string, Waiter>();
  /** Job ids whose failure this coordinator has passed on: asking again means a new attempt. */
  const reportedFailures = new Set<string>();

  const add = (id: string, waiter: Pick<Waiter, 'name' | 'data'>) =>
    queue.add(waiter.name, waiter.data, {
      jobId: id,
      // Retrying is the hop lifecycle's decision (its maxAttempts), never BullMQ's.
      attempts: 1,
      removeOnComplete: { age: KEEP_FINISHED_SECONDS },
      removeOnFail: { age: KEEP_FINISHED_SECONDS },
    });

  /** Settles `id`'s waiter if its job has finished; queues the job again if Redis lost it. */
  const check = async (id: string): Promise<void> => {
    const waiter = waiters.get(id);
    if (!waiter) return;
    let job = await Job.fromId<QueueJobData, QueueJobReturn>(queue, id);
    if (!waiters.has(id)) return;
    if (!job) {
      await add(id, waiter);
      return;
    }
    const state = await job.getState();
    // The job may have finished between the two reads above: read it again once its state is
    // final, or its return value or failure reason may still be the empty ones of before.
    if (state === 'completed' || state === 'failed') job = (await Job.fromId<QueueJobData, QueueJobReturn>(queue, id)) ?? job;
    if (state === 'completed') {
      waiters.delete(id);
      const decoded = parseHopResult(fromWire((job.returnvalue as QueueJobReturn | null)?.result), `job ${id}`);
      if (decoded.ok) waiter.resolve(decoded.result);
      else waiter.reject(new QueueError(`a worker returned a malformed result: ${decoded.reason}`));
    } else if (state === 'failed') {
      // A job BullMQ failed because its workers kept dying is an interruption, not a failed attempt.
      if (job.failedReason?.includes(STALLED_REASON)) {
        await job.remove();
        await add(id, waiter);
        return;
      }
      waiters.delete(id);
      reportedFailures.add(id);
      waiter.reject(new TrainingError(job.failedReason || 'the worker gave no reason'));
    }
  };

  events.on('completed', ({ jobId }) => void check(jobId).catch(onError));
  events.on('failed', ({ jobId }) => void check(jobId).catch(onError));
  let polling = false;
  // Events can be missed (a Redis restart, a coordinator that was down): a slow poll catches up.
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    void Promise.all([...waiters.keys()].map((id) => check(id)))
      .catch(onError)
      .finally(() => (polling = false));
  }, options.pollMs ?? 1000);

  const submit = async (id: string, waiter: Waiter): Promise<void> => {
    let job = await Job.fromId<QueueJobData, QueueJobReturn>(queue, id);
    // A failed job is a new attempt's to replace when this session already reported it, when it
    // was an interruption, or when another version queued it; otherwise it failed while this
    // coordinator was down, and that failure is passed on below as it would have been.
    const stale = (failed: Job<QueueJobData>) =>
      reportedFailures.has(id) || failed.failedReason?.includes(STALLED_REASON) || failed.data?.version !== version;
    if (job && (await job.getState()) === 'failed' && stale(job)) {
      reportedFailures.delete(id);
      await job.remove();
      job = undefined;
    }
    if (!job) await add(id, waiter);
    // A job finished before this session (or just now) is collected as it is.
    await check(id);
  };

  const run = (hopJob: HopJob, abort?: AbortSignal): Promise<HopJobResult> => {
    if (abort?.aborted) return Promise.reject(new QueueError('aborted'));
    const id = queueJobId(hopJob, dataset.hash);
    let waiter = waiters.get(id);
    if (!waiter) {
      let resolve!: Waiter['resolve'];
      let reject!: Waiter['reject'];
      const promise = new Promise<HopJobResult>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      const data: QueueJobData = { version, dataset: dataset.hash, job: toWire(hopJob) };
      waiter = { data, name: hopJob.kind, promise, resolve, reject };
      waiters.set(id, waiter);
      const pending = waiter;
      submit(id, pending).catch((error: Error) => {
        waiters.delete(id);
        pending.reject(new QueueError(`queue ${redactQueueUrl(options.url)}: ${error.message}`));
      });
    }
    if (!abort) return waiter.promise;
    setMaxListeners(0, abort);
    // Aborting stops this coordinator waiting; the job stays queued, so a resumed run collects it.
    return new Promise<HopJobResult>((resolve, reject) => {
      const onAbort = () => reject(new QueueError('aborted'));
      abort.addEventListener('abort', onAbort, { once: true });
      waiter.promise.then(resolve, reject).finally(() => abort.removeEventListener('abort', onAbort));
    });
  };

  return {
    concurrency: jobs,
    train: (job, abort) => run(job, abort) as Promise<TrainJobResult>,
    signal: (job, abort) => run(job, abort) as Promise<SignalJobResult>,
    async close() {
      clearInterval(poll);
      for (const waiter of waiters.values()) waiter.reject(new QueueError('the queue trainer was closed'));
      waiters.clear();
      await events.close();
      await queue.close();
      eventsConnection.disconnect();
      redis.disconnect();
    },
  };
}

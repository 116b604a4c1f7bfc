/**
 * Datasets travel once, by content hash: the coordinator publishes the prepared splits under
 * `multihop:dataset:<sha256>` and every job names that hash; a worker fetches each hash once,
 * checks the bytes against it, and keeps the data in memory.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { QueueError, type PreparedData } from '../core/index.js';
import { fromWire, toWire } from './wire-format.js';

/** How long a published dataset stays in Redis after the coordinator last touched it. */
const DATASET_TTL_SECONDS = 7 * 24 * 3600;

const datasetKey = (hash: string) => `multihop:dataset:${hash}`;

/** The prepared data as bytes, and their sha256 (hex). */
export function encodeDataset(data: PreparedData): { bytes: Buffer; hash: string } {
  const bytes = Buffer.from(JSON.stringify(toWire(data)), 'utf8');
  return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

/** Publishes the dataset unless it is there already, and (re)starts its expiry. */
export async function publishDataset(redis: Redis, encoded: { bytes: Buffer; hash: string }): Promise<void> {
  const key = datasetKey(encoded.hash);
  await redis.set(key, encoded.bytes, 'EX', DATASET_TTL_SECONDS, 'NX');
  await redis.expire(key, DATASET_TTL_SECONDS);
}

/**
 * The dataset published under `hash`, checked against it.
 *
 * @throws QueueError when it is missing (expired, or Redis lost it) or its bytes do not match
 */
export async function fetchDataset(redis: Redis, hash: string): Promise<PreparedData> {
  const bytes = await redis.getBuffer(datasetKey(hash));
  if (!bytes) {
    throw new QueueError(`dataset ${hash.slice(0, 12)} is not on the queue (expired or lost by Redis); resume the run on the coordinator to publish it again`);
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== hash) throw new QueueError(`dataset ${hash.slice(0, 12)} on the queue does not match its hash (got ${actual.slice(0, 12)}); resume the run on the coordinator to publish it again`);
  // Only the coordinator writes these keys, and the bytes match the hash the job named.
  return fromWire(JSON.parse(bytes.toString('utf8'))) as PreparedData;
}

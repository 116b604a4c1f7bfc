/** The Redis connection the queue's coordinator and workers share the hops through. */
import { Redis } from 'ioredis';
import { checkQueueUrl } from './queue-url.js';

/**
 * A Redis connection as BullMQ needs it: commands wait for a reconnect instead of failing
 * (`maxRetriesPerRequest: null`), so a restarted Redis costs a pause, not the run. Connection
 * errors go to `onError` (already redacted by ioredis: they name host and port only).
 */
export function queueConnection(url: string, onError: (error: Error) => void): Redis {
  const redis = new Redis(checkQueueUrl(url), {
    maxRetriesPerRequest: null,
    // Reconnect at most every 2 s, for as long as it takes.
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
  redis.on('error', onError);
  // A server that shut down cleanly closes the socket without an error: say so all the same.
  redis.on('reconnecting', () => onError(new Error('connection lost')));
  return redis;
}

/** The BullMQ queue every coordinator and worker of this package version shares. */
export const HOP_QUEUE_NAME = 'multihop-hops';

/** Hops kept in flight on the queue when `--jobs` is not given. */
export const DEFAULT_JOBS_IN_FLIGHT = 16;

/** What BullMQ's failedReason says of a job whose workers kept dying (an interruption, not a failure). */
export const STALLED_REASON = 'stalled more than allowable limit';

/** The BullMQ queue every coordinator and worker of this package version shares. */
export const HOP_QUEUE_NAME = 'multihop-hops';

/** What BullMQ's failedReason says of a job whose workers kept dying (an interruption, not a failure). */
export const STALLED_REASON = 'stalled more than allowable limit';

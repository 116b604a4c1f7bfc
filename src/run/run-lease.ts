import { hostname } from 'node:os';
import { MultihopError } from '../core/index.js';
import { LEASE_STALE_MS, processAlive, type LeaseOwner, type ResultsStore } from '../store/index.js';

const HEARTBEAT_MS = 10_000;

/** A run's lease held by this process, refreshed in the background until released. */
export interface HeldLease {
  /** This process, as the lease names it. */
  readonly owner: LeaseOwner;
  release(): void;
}

/**
 * Makes this process the only one driving `runId`. A lease left by a process that died on this
 * host (kill -9, power loss) is taken over at once; one held by a live process is refused with a
 * clear message; one on another host is taken over once its heartbeat is a minute old.
 */
export function acquireRunLease(store: ResultsStore, runId: string): HeldLease {
  const me: LeaseOwner = { pid: process.pid, host: hostname() };
  const holder = store.getLease(runId);
  // A dead owner's lease is taken over in the claim itself: one write, so a nearly full disk
  // cannot fail a separate release first and hide what really stops the run.
  const dead = holder && holder.host === me.host && holder.pid !== me.pid && !processAlive(holder.pid) ? holder : undefined;
  const staleBefore = new Date(Date.now() - LEASE_STALE_MS).toISOString();
  if (!store.claimLease(runId, me, staleBefore, dead)) {
    const current = store.getLease(runId);
    const ago = current ? Math.round((Date.now() - Date.parse(current.heartbeatAt)) / 1000) : 0;
    throw new MultihopError(
      `run ${runId} is being run by process ${current?.pid} on ${current?.host} (alive ${ago}s ago); wait for it to finish or stop it with Ctrl-C, then resume`,
    );
  }
  const timer = setInterval(() => {
    try {
      store.heartbeat(runId, me);
    } catch {
      // A missed beat (disk full, a long write lock) is retried at the next one; an exception
      // here would kill the process from a timer.
    }
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    owner: me,
    release() {
      clearInterval(timer);
      try {
        store.releaseLease(runId, me);
      } catch {
        // A lease that cannot be released (full disk) must not hide why the run stopped: its
        // owner, this process, is gone once it exits, and the next resume on this host takes it over.
      }
    },
  };
}

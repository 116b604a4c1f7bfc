import { leaseState, type ResultsStore, type RunRecord } from '../store/index.js';

/**
 * A run's status as a person should read it: a run stored as `running` whose driving process is
 * gone (killed, crashed, the machine rebooted) is `running (owner process gone)`, so `runs` and
 * `show` do not claim it is making progress; `multihop resume` continues it.
 */
export function statusLabel(run: { status: string; ownerGone: boolean }): string {
  return run.ownerGone ? 'running (owner process gone)' : run.status;
}

/** Whether `run` is stored as running but no live process drives it. */
export function ownerGone(store: ResultsStore, run: Pick<RunRecord, 'id' | 'status'>): boolean {
  return run.status === 'running' && leaseState(store.getLease(run.id)) !== 'live';
}

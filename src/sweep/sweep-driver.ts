/**
 * Driving a sweep: its combinations one after the other, each started as a run with the id the
 * sweep gave it, resumed when it exists and is not done (finished hops are never retrained), or
 * skipped when done. A combination that fails is recorded with its one-line error and the sweep
 * goes on; Ctrl-C stops it, and running it again continues where it stopped.
 */
import { ConfigError, InterruptedError, MultihopError } from '../core/index.js';
import { resolveRunConfig } from '../config/index.js';
import { resumeSearch, startSearch, type RunHooks, type RunProgress } from '../run/index.js';
import { leaseState, type ResultsStore, type SweepRecord, type SweepRunRecord } from '../store/index.js';
import { combinationArgv, combinationLabel, combinationRequest, type LoadedSweep, type SweepFlag } from './sweep-file.js';
import { SweepProgressTracker, type SweepObserver } from './sweep-progress.js';

/** What a sweep run is given. */
export interface SweepHooks {
  /**
   * What every run of the sweep gets: the hooks the `search` command builds (interrupt signal,
   * worker module, trainer…). The per-run observer is the sweep's own.
   */
  run: Omit<RunHooks, 'observer' | 'runId'>;
  observer?: SweepObserver;
}

/** How a sweep ended. */
export interface SweepOutcome {
  sweep: SweepRecord;
  /** Combinations done (now or earlier), of all. */
  done: number;
  total: number;
  /** Combinations whose run failed this time, with why. */
  failed: Array<{ position: number; runId: string; error: string }>;
}

/**
 * The stored sweep of this file: created on first use (after every combination's settings are
 * checked, so a typo does not surface hours in), found again when the name and spec match.
 * @throws ConfigError when a sweep of the same name has another spec, or a combination is invalid
 */
export function openSweep(store: ResultsStore, loaded: LoadedSweep, flags: readonly SweepFlag[]): SweepRecord {
  const existing = store.findSweep(loaded.spec.name);
  if (existing) {
    if (existing.specSha256 !== loaded.specSha256) {
      throw new ConfigError(
        `${loaded.source}: ${store.path} already has a sweep named '${loaded.spec.name}' (${existing.id}) with another grid; rename this sweep (its "name") to start a new one, or restore the file to continue ${existing.id}`,
      );
    }
    return existing;
  }
  loaded.combinations.forEach((values, position) => {
    const where = `${loaded.source}: combination ${position + 1} (${combinationLabel(values)})`;
    try {
      resolveRunConfig(combinationRequest(values, flags, where));
    } catch (error) {
      if (!(error instanceof MultihopError)) throw error;
      throw new (error.constructor as typeof MultihopError)(`${where}: ${error.message}`, { cause: error });
    }
  });
  return store.createSweep({
    name: loaded.spec.name,
    spec: loaded.spec as unknown as Record<string, unknown>,
    specSha256: loaded.specSha256,
    combinations: loaded.combinations,
  });
}

/** The stored sweep by id, or a one-line error naming the store. */
export function requireSweep(store: ResultsStore, id: string): SweepRecord {
  const sweep = store.getSweep(id);
  if (!sweep) throw new MultihopError(`no sweep '${id}' in ${store.path}; list them with 'multihop sweeps'`);
  return sweep;
}

/** Hops a run has settled (trained or given up), 0 before it exists. */
function settledHops(store: ResultsStore, runId: string): number {
  if (!store.getRun(runId)) return 0;
  return store.listNodes(runId).filter((node) => node.status === 'done' || node.status === 'failed').length;
}

/** Runs every combination of a stored sweep that is not done yet, in order. */
export async function driveSweep(
  store: ResultsStore,
  sweepId: string,
  flags: readonly SweepFlag[],
  hooks: SweepHooks,
  continueWith: string = `multihop resume --sweep ${sweepId}`,
): Promise<SweepOutcome> {
  const sweep = requireSweep(store, sweepId);
  const combinations = store.sweepRuns(sweep.id);
  const tracker = new SweepProgressTracker(sweep.id, combinations.length, hooks.observer?.onProgress?.bind(hooks.observer));
  const failed: SweepOutcome['failed'] = [];
  let done = 0;
  for (const combination of combinations) {
    if (store.getRun(combination.runId)?.status === 'done') {
      done += 1;
      tracker.runSettled(settledHops(store, combination.runId), false);
    }
  }
  for (const combination of combinations) {
    const existing = store.getRun(combination.runId);
    if (existing?.status === 'done') continue;
    if (hooks.run.signal?.aborted) throw interruptedSweep(sweep, continueWith);
    const label = combinationLabel(combination.values, Object.keys((sweep.spec as { grid?: object }).grid ?? {}));
    // Another process drives this run (the same sweep started twice): leave it to that one.
    if (existing?.status === 'running' && leaseState(store.getLease(existing.id)) === 'live') {
      hooks.observer?.onMessage?.(`run ${existing.id} (${label}) is being driven by another process; skipped`);
      continue;
    }
    try {
      await runCombination(store, sweep, combination, flags, hooks, tracker, label);
      done += 1;
      tracker.runSettled(settledHops(store, combination.runId), false);
      if (combination.error !== null) store.setSweepRunError(sweep.id, combination.position, null);
    } catch (error) {
      if (error instanceof InterruptedError || hooks.run.signal?.aborted) throw interruptedSweep(sweep, continueWith);
      if (!(error instanceof MultihopError)) throw error;
      const message = error.message.replace(/\s*[\r\n]+\s*/g, ' ');
      store.setSweepRunError(sweep.id, combination.position, message);
      failed.push({ position: combination.position, runId: combination.runId, error: message });
      tracker.runSettled(settledHops(store, combination.runId), true);
      hooks.observer?.onMessage?.(`run ${combination.runId} (${label}) failed: ${message}; the sweep goes on`);
    }
  }
  return { sweep, done, total: combinations.length, failed };
}

async function runCombination(
  store: ResultsStore,
  sweep: SweepRecord,
  combination: SweepRunRecord,
  flags: readonly SweepFlag[],
  hooks: SweepHooks,
  tracker: SweepProgressTracker,
  label: string,
): Promise<void> {
  const existing = store.getRun(combination.runId);
  hooks.observer?.onRunStart?.({ sweep, position: combination.position, runId: combination.runId, label, resumed: existing !== null });
  const observer = {
    onProgress: (progress: RunProgress) => tracker.runProgress(combination.runId, label, progress),
    onMessage: (line: string) => hooks.observer?.onMessage?.(line),
  };
  const runHooks: RunHooks = { ...hooks.run, observer };
  if (existing) {
    await resumeSearch(store, existing.id, {}, runHooks);
    return;
  }
  const where = `sweep ${sweep.id} combination ${combination.position + 1}`;
  const request = combinationRequest(combination.values, flags, where);
  await startSearch(store, request, combinationArgv(combination.values), { ...runHooks, runId: combination.runId });
}

function interruptedSweep(sweep: SweepRecord, continueWith: string): InterruptedError {
  return new InterruptedError(`sweep ${sweep.id} interrupted; continue with: ${continueWith}`);
}

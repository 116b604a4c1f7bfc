/**
 * Drives a run this process holds the lease of: queues interrupted hops again, schedules hops
 * through their lifecycle until the controller is done, and records how the run ended. It reads
 * and writes through the `ResultsStore` interface and trains through a `HopTrainer`, so tests run
 * it on the in-memory store with a fake trainer, without TF.js, threads or SQLite.
 */
import { InterruptedError, StoreError, type HopSpec } from '../core/index.js';
import type { HopTrainer } from '../hop/index.js';
import { chosenSettings } from '../hop/hop-tuning.js';
import { archLabel } from '../models/index.js';
import type { SearchController, SearchResult } from '../search/index.js';
import type { LeaseOwner, ResultsStore, RunRecord } from '../store/index.js';
import { chainRecords } from './run-chains.js';
import { hopLifecycle, interrupted } from './hop-lifecycle.js';
import { scheduleHops } from './hop-scheduler.js';
import { storeLedger } from './node-ledger.js';
import { ProgressTracker, type RunProgress } from './run-progress.js';
import { trainedNodeTeachers } from './teacher-source.js';
import { externalRootHop, type ExternalRoot } from './external-root.js';
import { atChance, flagNodesAtChance, rootAtChance, type ChanceLevels } from './result-checks.js';

export interface RunObserver {
  onStart?(run: RunRecord, info: { workers: number; backend: string; resumed: boolean; requeued: number }): void;
  onProgress?(progress: RunProgress): void;
  onMessage?(line: string): void;
}

export interface RunOutcome {
  run: RunRecord;
  result: SearchResult;
}

/** Everything one session of a run works with. */
export interface RunSession {
  store: ResultsStore;
  run: RunRecord;
  controller: SearchController;
  trainer: HopTrainer;
  /** Tries per node, and epochs per teacher-signal probe. */
  maxAttempts: number;
  probeEpochs: number;
  /** The backend the hops train on, for the event log. */
  backend: string;
  resumed: boolean;
  observer?: RunObserver;
  /** Aborting stops the run cleanly: in-flight hops are abandoned and queued again on resume. */
  abort?: AbortSignal;
  /** The process holding the run's lease: released in the same write that records a stop. */
  leaseOwner?: LeaseOwner;
  /** Validation accuracy of the most frequent class (result-checks.ts); unknown: no chance checks. */
  chance?: ChanceLevels;
  /** The user's own model as the root (`--teacher`): recorded, never trained. */
  externalRoot?: ExternalRoot;
}

export async function driveRun(session: RunSession): Promise<RunOutcome> {
  const { store, run, controller, trainer, observer, abort } = session;
  const started = performance.now();
  const requeued = store.resetInterrupted(run.id) + store.requeueRetryable(run.id, session.maxAttempts);
  store.setRunStatus(run.id, 'running');
  const workers = trainer.concurrency;
  store.addEvent(run.id, 'info', session.resumed ? `resumed; ${requeued} interrupted node(s) queued again` : 'started', {
    workers,
    backend: session.backend,
  });
  observer?.onStart?.(run, { workers, backend: session.backend, resumed: session.resumed, requeued });

  const ledger = storeLedger(store, run.id);
  // Hops in flight are abandoned (and requeued on resume) when the user interrupts, and also
  // when one hop stops the run (a store error, a complex model at chance): nobody waits minutes
  // for hops whose results could not be used.
  const hopsAbort = new AbortController();
  const abandonHops = () => hopsAbort.abort();
  if (abort?.aborted) abandonHops();
  abort?.addEventListener('abort', abandonHops, { once: true });
  const rootSettings = controller.trainSettingsFor({ role: 'root' });
  const teachers = trainedNodeTeachers(ledger, trainer, {
    probeEpochs: session.probeEpochs,
    crossFitFor: (node) =>
      node.role === 'root' && rootSettings.signalFolds ? { folds: rootSettings.signalFolds, settings: chosenSettings(rootSettings, node.params) } : undefined,
  });
  const progress = new ProgressTracker(run.id, workers, observer?.onProgress?.bind(observer));
  const describe = (hop: HopSpec) => ({
    complexity: controller.search.proposerContext.complexity(hop.arch),
    archLabel: archLabel(hop.arch),
  });
  const trainedHop = hopLifecycle({
    ledger,
    trainer,
    teachers,
    settingsFor: (hop) => controller.trainSettingsFor(hop),
    describe,
    maxAttempts: session.maxAttempts,
    chance: session.chance,
    abort: hopsAbort.signal,
    onAttempt: (hop) => progress.attemptStarted(hop),
    onSettled: (hop, settled) => progress.attemptSettled(hop, settled),
    onMessage: (line) => observer?.onMessage?.(line),
    ...(session.externalRoot ? { externalTeacher: session.externalRoot.spec } : {}),
  });
  const trainHop = session.externalRoot
    ? externalRootHop(session.externalRoot, trainedHop, {
        ledger,
        onAttempt: (hop) => progress.attemptStarted(hop),
        onSettled: (hop, settled) => progress.attemptSettled(hop, settled),
        onMessage: (line) => observer?.onMessage?.(line),
      })
    : trainedHop;
  try {
    if (session.chance !== undefined) checkStoredRoot(store, run.id, session.chance);
    const result = await scheduleHops({
      controller,
      outcomes: () => ledger.outcomes(),
      trainHop,
      concurrency: workers,
      abort,
      interrupted: () => interrupted(run.id),
      onPlan: (planned, planMs) => progress.plan(planned, planMs),
      onSubmitted: () => progress.report(),
      onStop: abandonHops,
    });
    progress.report(result);
    if (session.chance !== undefined) {
      for (const { key, warning } of flagNodesAtChance(store, run.id, session.chance, ledger.outcomes())) {
        store.addEvent(run.id, 'warn', `node ${key}: ${warning}`);
        observer?.onMessage?.(`warning: node ${key}: ${warning}`);
      }
    }
    store.setChains(run.id, chainRecords(store, run.id, result));
    store.setRunStatus(run.id, 'done');
    store.addEvent(run.id, 'info', 'done', {
      nodesTrained: progress.nodesTrained,
      teacherSignalsComputed: teachers.computed,
      wallMs: Math.round(performance.now() - started),
    });
    return { run: store.getRun(run.id) ?? run, result };
  } catch (caught) {
    // A Ctrl-C can surface first as another hop's error: the run is interrupted, not failed.
    const error = abort?.aborted && !(caught instanceof InterruptedError) ? interrupted(run.id) : caught;
    recordStop(store, run.id, error, session.leaseOwner);
    // The store's line says which write failed; the user also needs to know nothing is lost.
    if (error instanceof StoreError) {
      throw new StoreError(`${error.message}; the run is kept: fix that, then multihop resume ${run.id}`, { cause: error });
    }
    throw error;
  } finally {
    abort?.removeEventListener('abort', abandonHops);
  }
}

/** A resumed run whose complex model is already trained at chance stops as the first session did. */
function checkStoredRoot(store: ResultsStore, runId: string, chance: ChanceLevels): void {
  const root = store.listNodes(runId).find((n) => n.role === 'root' && n.status === 'done');
  if (root?.validation && atChance(root.validation.accuracy, chance)) {
    throw rootAtChance(root.archLabel, root.validation.accuracy, chance, undefined);
  }
}

/**
 * Records how a run stopped: interrupted (Ctrl-C, or a store that could not be written, which
 * resume can finish once the cause is fixed), else failed. Status, requeued nodes and the lease
 * go in one small write (stopRun); on a disk too full even for that, the status alone (a single
 * page). All of it is best effort: the error the user sees is the first write that failed, and
 * resume requeues whatever is left running and takes over the lease of a dead owner.
 */
function recordStop(store: ResultsStore, runId: string, error: unknown, leaseOwner: LeaseOwner | undefined): void {
  const status = error instanceof InterruptedError || error instanceof StoreError ? 'interrupted' : 'failed';
  const message = error instanceof Error ? error.message : String(error);
  const stored = error instanceof InterruptedError ? undefined : message;
  const attempt = (write: () => unknown): boolean => {
    try {
      write();
      return true;
    } catch {
      return false; // best effort, see above
    }
  };
  // All in one write; if even that does not fit, the status alone (one page) is what matters most.
  if (!attempt(() => store.stopRun(runId, { status, error: stored, releaseLeaseOf: leaseOwner }))) {
    attempt(() => store.setRunStatus(runId, status, stored));
  }
  attempt(() => store.addEvent(runId, 'warn', error instanceof InterruptedError ? 'interrupted' : `stopped: ${message}`));
}

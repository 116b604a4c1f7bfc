/**
 * One hop's life: mark it running → obtain its parent's teacher signal → train it → record it done,
 * or failed and retried until it has failed `maxAttempts` times (an interrupted start is no failure). It talks to a node ledger (the store), a hop trainer
 * (the pool, or any other) and a teacher source, and knows nothing of scheduling.
 */
import { InterruptedError, StoreError, type Complexity, type HopSpec, type TrainSettings } from '../core/index.js';
import type { HopTrainer, TrainJob, TrainJobResult } from '../hop/index.js';
import { transferMethods } from '../transfer/index.js';
import type { NodeLedger } from './node-ledger.js';
import { atChance, divergedWarning, isRoot, rootAtChance, type ChanceLevels } from './result-checks.js';
import type { TeacherSource } from './teacher-source.js';
import type { TeacherSpec } from '../teachers/index.js';

/** How a hop's attempt ended. */
export type HopSettled = { kind: 'done'; wallMs: number } | { kind: 'retry' } | { kind: 'failed' };

export interface HopLifecycleOptions {
  ledger: NodeLedger;
  trainer: HopTrainer;
  teachers: TeacherSource;
  /** Training settings of a hop (the controller's). */
  settingsFor(hop: HopSpec): TrainSettings;
  /** What the store records about a hop's arch. */
  describe(hop: HopSpec): { complexity: Complexity; archLabel: string };
  maxAttempts: number;
  /**
   * Validation accuracy of always answering the most frequent class; a complex model no better
   * than this stops the run (see result-checks.ts). Unknown: no check.
   */
  chance?: ChanceLevels;
  /** Aborting abandons the hop: it is left running in the store and queued again on resume. */
  abort?: AbortSignal;
  /** Called when an attempt starts and when it settles. */
  onAttempt?(hop: HopSpec): void;
  onSettled?(hop: HopSpec, settled: HopSettled): void;
  /** One line for the user (a failed attempt). */
  onMessage?(line: string): void;
  /** The user's own model when it is the run's root: children query it through its spec. */
  externalTeacher?: TeacherSpec;
}

/** The error every abandoned hop ends with. */
export function interrupted(runId: string): InterruptedError {
  return new InterruptedError(`interrupted; continue with: multihop resume ${runId}`);
}

/**
 * Returns `trainHop(hop)`: carries one hop to done or to failed for good, retrying up to
 * `maxAttempts`. It rejects only when the run must stop: an interrupt, or a store error.
 */
export function hopLifecycle(options: HopLifecycleOptions): (hop: HopSpec) => Promise<void> {
  const { ledger, trainer, teachers, abort, maxAttempts } = options;
  const checkAborted = () => {
    if (abort?.aborted) throw interrupted(ledger.runId);
  };
  const teacherSignalFor = (hop: HopSpec) => {
    if (hop.method === 'root' || !transferMethods.get(hop.method).needsTeacher || hop.parentKey === null) return undefined;
    return teachers.signalOf(hop.parentKey, abort);
  };
  // The parent's arch and weights travel with the job (as a SignalJob's do) for methods that query
  // the parent on new rows; the trainer rebuilds the model on its side. An external root has no
  // weights: its spec travels instead, with its outputs read as they were when it was measured.
  const teacherModelFor = (hop: HopSpec): Pick<TrainJob, 'teacherModel' | 'externalTeacher'> => {
    if (hop.method === 'root' || !transferMethods.get(hop.method).needsTeacherModel || hop.parentKey === null) return {};
    const parent = ledger.node(hop.parentKey);
    if (!parent || parent.status !== 'done') throw new Error(`teacher ${hop.parentKey} is not trained (a controller bug)`);
    if (parent.role === 'root' && options.externalTeacher) {
      const readAs = parent.params.outputsReadAs;
      return { externalTeacher: { ...options.externalTeacher, ...(readAs === 'logits' || readAs === 'probabilities' ? { output: readAs } : {}) } };
    }
    return { teacherModel: { arch: parent.arch, weights: ledger.weights(hop.parentKey) } };
  };
  const studentScratchFor = (hop: HopSpec) =>
    hop.studentScratchKey ? (ledger.studentScratch(hop.studentScratchKey) ?? undefined) : undefined;

  return async function trainHop(hop: HopSpec): Promise<void> {
    const { archLabel, complexity } = options.describe(hop);
    for (;;) {
      checkAborted();
      ledger.markRunning({ ...hop, complexity, archLabel });
      options.onAttempt?.(hop);
      let settled: HopSettled = { kind: 'retry' };
      try {
        let outcome: TrainJobResult;
        let started: number;
        try {
          const teacher = await teacherSignalFor(hop);
          const job = {
            kind: 'train' as const,
            hop,
            settings: options.settingsFor(hop),
            teacher,
            studentScratch: studentScratchFor(hop),
            ...teacherModelFor(hop),
          };
          started = performance.now();
          outcome = await trainer.train(job, abort);
        } catch (error) {
          if (abort?.aborted) throw interrupted(ledger.runId);
          // A store that cannot be written (full disk, lock) is never the hop's fault: the run
          // stops, the hop stays running and is queued again on resume without counting a failure.
          if (error instanceof StoreError) throw error;
          const message = error instanceof Error ? error.message : String(error);
          const failures = ledger.recordFailed(hop.key, message);
          const final = failures >= maxAttempts;
          ledger.log(final ? 'error' : 'warn', `node ${hop.key} (${archLabel} ${hop.method}) failed, attempt ${failures}/${maxAttempts}: ${message}`);
          options.onMessage?.(
            `node ${hop.key} (${archLabel}, ${hop.method}) failed on attempt ${failures}/${maxAttempts}: ${message}${final ? ' — giving up on it' : ' — retrying'}`,
          );
          if (final) {
            settled = { kind: 'failed' };
            return;
          }
          continue;
        }
        const accuracy = outcome.result.validation.accuracy;
        const rootAtChanceLevel = isRoot(hop) && options.chance !== undefined && atChance(accuracy, options.chance);
        const warning =
          (options.chance ? divergedWarning(outcome.result, options.chance) : null) ?? (rootAtChanceLevel ? 'at chance: the complex model learned nothing' : null);
        // Outside the catch: a result that cannot be written stops the run instead of failing the hop.
        ledger.recordDone(hop.key, {
          ...outcome.result,
          methodParams: outcome.params,
          workerId: outcome.workerId,
          warning,
          signals: { studentScratch: outcome.studentScratch },
        });
        settled = { kind: 'done', wallMs: performance.now() - started };
        if (warning) {
          ledger.log('warn', `node ${hop.key} (${archLabel} ${hop.method}): ${warning}`);
          options.onMessage?.(`warning: node ${hop.key} (${archLabel}, ${hop.method}): ${warning}`);
        }
        if (rootAtChanceLevel) throw rootAtChance(archLabel, accuracy, options.chance!, options.settingsFor(hop));
        return;
      } finally {
        options.onSettled?.(hop, settled);
      }
    }
  };
}

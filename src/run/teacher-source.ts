/**
 * Where a parent's teacher signal comes from. Today every parent is a node the run trained: its
 * signal is read from the store, or computed once by the trainer from its stored weights and
 * written back. A teacher the run did not train (the user's own model) is another `TeacherSource`
 * for the root's key; the hop lifecycle does not change.
 */
import type { TeacherSignal } from '../core/index.js';
import type { HopTrainer, SignalJob } from '../hop/index.js';
import type { NodeRecord } from '../store/index.js';
import type { NodeLedger } from './node-ledger.js';

export interface TeacherSource {
  /** The teacher signal of parent node `parentKey`, computed at most once per run. */
  signalOf(parentKey: string, abort?: AbortSignal): Promise<TeacherSignal>;
  /** How many signals this source computed (not read back from the store). */
  readonly computed: number;
}

export interface TrainedNodeTeacherOptions {
  /** Epochs to train each linear probe. */
  probeEpochs: number;
  /** Out-of-fold train logits for this node (the root with `signalFolds`); absent or undefined: in-sample. */
  crossFitFor?(node: NodeRecord): SignalJob['crossFit'];
}

/** Teacher signals of nodes trained by the run, cached in memory and in the store. */
export function trainedNodeTeachers(ledger: NodeLedger, trainer: HopTrainer, options: TrainedNodeTeacherOptions): TeacherSource {
  const pending = new Map<string, Promise<TeacherSignal>>();
  let computed = 0;
  const loadOrCompute = async (parentKey: string, abort?: AbortSignal): Promise<TeacherSignal> => {
    const stored = ledger.teacherSignal(parentKey);
    if (stored) return stored;
    const parent = ledger.node(parentKey);
    if (!parent || parent.status !== 'done') throw new Error(`teacher ${parentKey} is not trained (a controller bug)`);
    const crossFit = options.crossFitFor?.(parent);
    const { signal } = await trainer.signal(
      {
        kind: 'signal',
        nodeKey: parentKey,
        arch: parent.arch,
        weights: ledger.weights(parentKey),
        seed: parent.seed,
        probeEpochs: options.probeEpochs,
        ...(crossFit ? { crossFit } : {}),
      },
      abort,
    );
    ledger.recordTeacherSignal(parentKey, signal);
    computed += 1;
    return signal;
  };
  return {
    get computed() {
      return computed;
    },
    signalOf(parentKey, abort) {
      let signal = pending.get(parentKey);
      if (!signal) {
        signal = loadOrCompute(parentKey, abort);
        pending.set(parentKey, signal);
        // A failed computation is not cached: the next child asks again.
        signal.catch(() => pending.delete(parentKey));
      }
      return signal;
    },
  };
}

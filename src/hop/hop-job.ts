/**
 * What travels between the runner and whatever trains hops (a local worker thread today, a
 * machine on the other end of a queue later): plain, structured-clone-safe data, and only what the
 * other side reads.
 */
import type { TeacherSpec } from '../teachers/index.js';
import type {
  Arch,
  HopSpec,
  MethodParams,
  ModelWeights,
  StudentScratchSignal,
  TeacherSignal,
  TrainResult,
  TrainSettings,
} from '../core/index.js';

/** Train one node. Everything a trainer needs except the dataset, which it already holds. */
export interface TrainJob {
  kind: 'train';
  hop: HopSpec;
  settings: TrainSettings;
  /** The parent's cached signal, for methods that need a teacher. */
  teacher?: TeacherSignal;
  /** The same student arch trained from scratch with the same seed (ProfWeight margin, SRatio). */
  studentScratch?: StudentScratchSignal;
  /** The parent model itself, for methods that query it on new rows (`needsTeacherModel`: compression). */
  teacherModel?: { arch: Arch; weights: ModelWeights };
  /**
   * The parent is the user's own model (an external root): what the trainer needs to open and
   * query it itself, for the same methods; `output` holds how the run read its outputs.
   */
  externalTeacher?: TeacherSpec;
}

/** Compute a trained node's teacher signal (logits + probes), once, when it first teaches. */
export interface SignalJob {
  kind: 'signal';
  nodeKey: string;
  arch: Arch;
  weights: ModelWeights;
  seed: number;
  probeEpochs?: number;
  /**
   * Out-of-fold train logits: the node's arch is trained `folds` more times with `settings`,
   * each without one stratified fold of the train split, and predicts that fold (src/hop/out-of-fold.ts).
   */
  crossFit?: { folds: number; settings: TrainSettings };
}

export type HopJob = TrainJob | SignalJob;

/** A trained node as the runner records it: the training result without per-split probabilities. */
export type TrainedNode = Omit<TrainResult, 'probabilities'>;

export interface TrainJobResult {
  kind: 'train';
  result: TrainedNode;
  /** Method parameters as resolved by the transfer method, conventions included. */
  params: MethodParams;
  /** Produced by every scratch node: what ProfWeight/SRatio students of its arch need. */
  studentScratch?: StudentScratchSignal;
  /** Which worker trained the node (recorded with it). */
  workerId: string;
}

export interface SignalJobResult {
  kind: 'signal';
  signal: TeacherSignal;
}

export type HopJobResult = TrainJobResult | SignalJobResult;

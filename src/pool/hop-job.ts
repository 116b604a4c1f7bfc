import type {
  Arch,
  HopSpec,
  MethodParams,
  ModelWeights,
  PreparedData,
  StudentScratchSignal,
  TeacherSignal,
  TrainResult,
  TrainSettings,
} from '../core/index.js';

/** Train one node. Everything a worker needs except the dataset, which it already holds. */
export interface TrainJob {
  kind: 'train';
  hop: HopSpec;
  settings: TrainSettings;
  /** The parent's cached signal, for methods that need a teacher. */
  teacher?: TeacherSignal;
  /** The same student arch trained from scratch with the same seed (ProfWeight margin, SRatio). */
  studentScratch?: StudentScratchSignal;
}

/** Compute a trained node's teacher signal (logits + probes), once, when it first teaches. */
export interface SignalJob {
  kind: 'signal';
  nodeKey: string;
  arch: Arch;
  weights: ModelWeights;
  seed: number;
  probeEpochs?: number;
}

export type HopJob = TrainJob | SignalJob;

export interface TrainJobResult {
  kind: 'train';
  result: TrainResult;
  /** Method parameters as resolved by the transfer method, conventions included. */
  params: MethodParams;
  /** Produced by every scratch node: what ProfWeight/SRatio students of its arch need. */
  studentScratch?: StudentScratchSignal;
  /** Thread id of the worker that trained the node. */
  workerId: number;
  /** Backend the worker trained on. */
  backend: string;
}

export interface SignalJobResult {
  kind: 'signal';
  nodeKey: string;
  signal: TeacherSignal;
  wallMs: number;
  workerId: number;
}

/** What every worker receives once, at start-up. */
export interface HopWorkerData {
  /** Prepared splits whose typed arrays live in SharedArrayBuffers: shared, not copied. */
  data: PreparedData;
  backend?: string;
}

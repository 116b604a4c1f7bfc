import type {
  MethodKey,
  MethodParams,
  StudentScratchSignal,
  TeacherSignal,
  TrainInputs,
} from '../core/index.js';

/** What a transfer method may read when it prepares a hop. */
export interface TransferContext {
  /** Labels of the training split the student is trained on. */
  trainLabels: Int32Array;
  numClasses: number;
  /** The parent's cached signal (needed when the method's `needsTeacher`). */
  teacher?: TeacherSignal;
  /** The student architecture trained from scratch with the same seed. */
  studentScratch?: StudentScratchSignal;
  /** The training split's features (methods that make new rows from them: compression). */
  trainRows?: TrainRowsView;
  /** The hop's seed (methods that draw random numbers). */
  seed?: number;
  /** The parent model itself, to label new rows (methods that `needsTeacherModel`). */
  teacherModel?: TeacherModel;
}

/** The training split's preprocessed features as a method reads them. */
export interface TrainRowsView {
  /** count × width, row-major, as the split holds them (standardised when the run standardises). */
  features: Float32Array;
  width: number;
  /** One name per feature; a one-hot category reads `column=value` (src/data/tabular-table.ts). */
  featureNames: string[];
}

/**
 * A parent that can be queried on rows it has never seen: a node the run trained (answers at
 * once), or the user's own model run by ONNX Runtime (answers with a promise).
 */
export interface TeacherModel {
  /** Class probabilities of `count` flat, preprocessed rows, count × classes. */
  predictProbabilities(features: Float32Array, count: number): Float32Array | Promise<Float32Array>;
}

/** What `prepare` returns: the training inputs and the fully resolved, recorded parameters. */
export interface PreparedTransfer {
  inputs: TrainInputs;
  params: MethodParams;
}

/** One way of training a student from a teacher (docs/design.md §3). */
export interface TransferMethod {
  key: MethodKey;
  needsTeacher: boolean;
  needsStudentScratch: boolean;
  /**
   * It queries the parent model on new rows: the job carries the parent's arch and weights and
   * the hop builds the model (`TransferContext.teacherModel`).
   */
  needsTeacherModel: boolean;
  /** Parameter sets tried on validation when the search space does not override them. */
  defaultGrid: MethodParams[];
  /**
   * Checks a parameter set before any training (pure, no data): every key must be one this method
   * reads and every value of the right type and range (the same checks `prepare` runs). Returns
   * the params with defaults filled, as `prepare` would record them less its data-dependent and
   * convention fields. Throws a ConfigError whose message opens with `where` (e.g.
   * `search-spaces/x.json: methods.kd[0]`).
   */
  validateParams(params: MethodParams, where: string): MethodParams;
  /** Resolves params (fills defaults, records conventions) and builds the training inputs. */
  prepare(ctx: TransferContext, params: MethodParams): PreparedTransfer;
  /**
   * `prepare` for a teacher model that answers with a promise; methods that query the teacher
   * (`needsTeacherModel`) have it, and a hop calls it whenever it exists.
   */
  prepareAsync?(ctx: TransferContext, params: MethodParams): Promise<PreparedTransfer>;
}

/**
 * The one place that knows a kind of model. Everything outside `src/models` asks a family (through
 * the `families` registry) instead of switching on `arch.family`.
 *
 * This file is types only and imports no TF.js: the registry, the search controller, reports and
 * config validation load families without a training backend; the TF.js side is reached through
 * {@link ModelFamily.runtime}, a dynamic import.
 */
import type { z } from 'zod';
import type {
  TuneGrid,
  Arch,
  Complexity,
  EpochRecord,
  ModelWeights,
  PreparedData,
  TeacherSignal,
  TrainInputs,
  TrainResult,
  TrainSettings,
} from '../core/index.js';
import type { OnnxGraph } from '../onnx/index.js';

/** The key of every registered family (`arch.family`). */
export type FamilyKey = Arch['family'];

/** The target a family scales its teacher towards, as {@link ModelFamily.scaledBetween} sees it. */
export interface ScaleTarget {
  arch: Arch;
  /** The target's fully connected hidden widths, when its family has them ({@link ModelFamily.denseWidths}). */
  denseWidths?: number[];
  /** The target's tree depth ({@link Complexity.depth}), when its family is a tree family. */
  depth?: number;
}

/** What a tree family adds to the cross-family scale: leaves over every tree, and the deepest path. */
export interface TreeShape {
  leaves: number;
  depth: number;
}

/**
 * A model family (`mlp`, `cnn`, `tree`, `forest`, `linear`, `gbt`): its architecture schema, labels, complexity, how proposers
 * construct archs of it, and (lazily) how it trains, probes, predicts and is exported.
 *
 * @typeParam A the family's arch type
 */
export interface ModelFamily<A extends Arch = Arch> {
  /** `arch.family` of every arch of this family. */
  readonly key: A['family'];
  /** One line for help and reports. */
  readonly description: string;
  /** The files {@link FamilyRuntime.saveModel} writes into an export folder (beside multihop.json). */
  readonly exportFiles: readonly string[];
  /**
   * The strict zod schema of this family's archs (search-space files, CLI flags, store rows).
   * Its messages read `expected …` so that `validateArch` can name the JSON path and value.
   */
  readonly schema: z.ZodType<A>;
  /**
   * The arch with every default written out and keys in a fixed order, so that two specs that
   * build the same model serialise to the same JSON (hop keys, deduplication).
   */
  canonical(arch: A): A;
  /** A short human label that starts with the family key: `mlp[64-32]`, `cnn[c8k3p2|d32]`. */
  label(arch: A): string;
  /**
   * Parameters, FLOPs per example and bytes of the model this arch builds for examples of
   * `exampleShape` and `numClasses` classes, by arithmetic alone. `params` is the scale shared
   * across families (docs/design.md §2): weights and biases for networks and `linear`, the node
   * count bound (2^(d+1) − 1 per tree) for tree families, which also give `leaves` and `depth`
   * and count comparisons as FLOPs.
   *
   * @throws ConfigError when the arch cannot take such examples (a cnn on non-image rows)
   */
  complexity(arch: A, exampleShape: number[], numClasses: number): Complexity;
  /**
   * Widths of the arch's fully connected hidden layers, input side first (networks only).
   * Other families' {@link scaledBetween} read a target's depth from it.
   */
  denseWidths?(arch: A): number[];
  /**
   * Archs of this family between `teacher` and a target, for the geometric proposer: a map from
   * a width multiplier to an arch whose parameter count grows monotonically with it, shaped at
   * position `fraction` ∈ (0, 1) between the two (depth interpolated, teacher's geometry kept).
   * Absent or null when this family cannot construct intermediates towards that target.
   */
  scaledBetween?(teacher: A, target: ScaleTarget, fraction: number): ((multiplier: number) => A) | null;
  /**
   * A small member of this family that proposers scale (through {@link scaledBetween}) when they
   * construct archs of this family between a teacher and a target of other families. Absent
   * (`linear`, which has one size): this family is never constructed across families.
   */
  readonly constructionSeed?: A;
  /**
   * The training settings this family's runtime reads that per-node tuning (`training.tune`) may
   * vary. Absent: none (the tree families, `linear` and `gbt` take their knobs from the arch), so a
   * tuned space trains their nodes once.
   */
  readonly tunable?: ReadonlyArray<keyof TuneGrid>;
  /**
   * Leaves and depth of the model `arch` builds (tree families), from the arch and the node count
   * `params` it was stored with (the store keeps params, FLOPs and bytes only; a `gbt`'s class count
   * is read back from its node count). Absent: the family has no tree shape.
   */
  treeShape?(arch: A, params: number): TreeShape;
  /**
   * Whether its runtime builds, trains or runs models on TF.js's backend (the networks). A search
   * whose families all say false never loads TF.js in its workers and records backend 'none'.
   */
  readonly runsOnBackend: boolean;
  /** Loads the family's runtime (TF.js for networks) on first use: training, model files, prediction. */
  runtime(): Promise<FamilyRuntime<A>>;
  /**
   * Its runtime's training and teacher signals alone, where loading them costs less than the
   * whole runtime (networks: without TF.js, which they load only for a model the fused dense
   * step cannot train). Absent: `runtime()` serves.
   */
  trainingRuntime?(): Promise<TrainingRuntime<A>>;
}

/** What a hop trains with: {@link FamilyRuntime}'s training and teacher signals. */
export type TrainingRuntime<A extends Arch = Arch> = Pick<FamilyRuntime<A>, 'train' | 'teacherSignal'>;

/** Options of {@link FamilyRuntime.train}. */
export interface TrainOptions {
  /** Which rows to train on: the student's `train` split (default) or the root's `rootTrain`. */
  trainOn?: 'train' | 'rootTrain';
  /** Called after every epoch with its losses (progress bars, logs). */
  onEpoch?: (record: EpochRecord) => void;
}

/** Options of {@link FamilyRuntime.teacherSignal}. */
export interface TeacherSignalOptions {
  /** Passes over the training split for each probe (default 10). */
  probeEpochs?: number;
  /** Seeds the probes' batch order (default 0). */
  seed?: number;
  /** Probe mini-batch size (default 128). */
  batchSize?: number;
  /** Probe learning rate (default 0.01). */
  learningRate?: number;
}

/**
 * The features a readable model names, in the user's own units: what `--format rules` writes.
 * Feature i's value is standardised for the model; `raw(i, v)` is the value in the data's units.
 */
export interface ReadableFeatures {
  /** One name per feature; a one-hot category reads `column=value`. */
  names: string[];
  classNames: string[];
  raw(feature: number, standardised: number): number;
}

/** A trained model held in memory for prediction; release it with `dispose`. */
export interface LoadedModel {
  /** Class probabilities of `count` flat, preprocessed examples, count × classes. */
  predictProbabilities(features: Float32Array, count: number): Float32Array;
  dispose(): void;
}

/**
 * What runs inside a worker, or for export and predict: training, teacher signals, prediction
 * and model files. Reached through {@link ModelFamily.runtime}.
 */
export interface FamilyRuntime<A extends Arch = Arch> {
  /**
   * Trains one node from `seed` (same seed, same backend: same weights). `inputs` carry the
   * transfer method's per-example weights or soft targets on the `train` split.
   */
  train(data: PreparedData, arch: A, settings: TrainSettings, inputs: TrainInputs, seed: number, options?: TrainOptions): Promise<TrainResult>;
  /**
   * What a trained node gives its children: its logits on the train split and one probe per
   * representation layer, the model's own output last (docs/design.md §3.1).
   */
  teacherSignal(data: PreparedData, arch: A, weights: ModelWeights, options?: TeacherSignalOptions): Promise<TeacherSignal>;
  /** The model `arch` + `weights`, ready to predict. */
  fromWeights(arch: A, exampleShape: number[], numClasses: number, weights: ModelWeights): LoadedModel;
  /** Writes the model `arch` + `weights` into `dir` (created if missing) in the family's export format. */
  saveModel(arch: A, exampleShape: number[], numClasses: number, weights: ModelWeights, dir: string): Promise<void>;
  /**
   * Reads a model written by {@link saveModel} back from `dir`, after checking its files and that
   * it takes `expected.exampleShape` examples and gives `expected.numClasses` outputs.
   * @throws ConfigError naming the damaged or mismatched file and how to fix it
   */
  loadModel(dir: string, expected: { exampleShape: number[]; numClasses: number }): Promise<LoadedModel>;
  /**
   * The model as text a person can audit, in the data's own units (if-then rules for a tree,
   * coefficients for a linear model). Absent for families without a readable form.
   */
  readable?(arch: A, weights: ModelWeights, features: ReadableFeatures): string;
  /**
   * The model as an ONNX graph (src/onnx/onnx-graph.ts): float32 `features` [N, width], encoded and
   * standardised as for {@link fromWeights}, in; float32 `probabilities` [N, classes] out (tree
   * ensembles also `label`). Absent for families without an ONNX form.
   * @throws ConfigError when this arch has no ONNX form (a cnn) or the weights do not fit it
   */
  onnxGraph?(arch: A, exampleShape: number[], numClasses: number, weights: ModelWeights): OnnxGraph;
}

/**
 * Plain, JSON-serialisable shapes shared by every folder. Each folder owns the behaviour around
 * these (validation, building, training); this file only says what the data is.
 */

// ---------------------------------------------------------------------------------------------
// Data

/** A labelled classification dataset held in memory, row-major. */
export interface Dataset {
  /** Short name ("digits") or the file path it came from. */
  name: string;
  /** numExamples × prod(exampleShape) features, row-major. */
  features: Float32Array;
  /** Class index per example, in [0, classNames.length). */
  labels: Int32Array;
  /** Shape of one example: [numFeatures] for tabular, [height, width, channels] for images. */
  exampleShape: number[];
  classNames: string[];
  /** One name per flattened feature (after one-hot encoding for tabular data). */
  featureNames: string[];
  /** sha256 of the features, labels and shape: identifies the data a run used. */
  hash: string;
  /** How raw columns became features, so exported models can preprocess new rows. */
  encoding?: TabularEncoding;
  /**
   * The user's own split (`--split-column`): per row 0 train, 1 validation, 2 test. When present,
   * `prepareData` takes the parts from it instead of cutting them at random.
   */
  splitOf?: Uint8Array;
}

/** How a CSV/ARFF table's columns map to feature columns; stored with exported models. */
export interface TabularEncoding {
  labelColumn: string;
  columns: Array<
    | { name: string; kind: 'numeric'; fill: number }
    | { name: string; kind: 'categorical'; categories: string[] }
  >;
}

/** One split of a dataset: a contiguous copy of its rows. */
export interface SplitPart {
  features: Float32Array;
  labels: Int32Array;
  count: number;
}

/** Train / validation / test parts after standardisation (fitted on train only). */
export interface PreparedData {
  name: string;
  hash: string;
  exampleShape: number[];
  numClasses: number;
  classNames: string[];
  featureNames: string[];
  train: SplitPart;
  validation: SplitPart;
  test: SplitPart;
  /**
   * Training rows reserved for the root (complex) model only, disjoint from `train`, when the
   * run option `rootShare` is > 0 (docs/design.md §3.7, overconfidence). Empty otherwise.
   */
  rootTrain?: SplitPart;
  /** Per-feature mean and std used to standardise (applied to every part). */
  standardisation: { mean: Float32Array; std: Float32Array } | null;
  split: SplitSettings;
}

export interface SplitSettings {
  seed: number;
  /** Fractions of the whole dataset; test = 1 - train - validation. */
  trainFraction: number;
  validationFraction: number;
  /** Share of the training split reserved for the root model (0 = none). */
  rootShare: number;
  /** Optional cap on training rows (after stratified subsampling), for big sets like Fashion-MNIST. */
  maxTrain?: number;
  standardise: 'per-feature' | 'none';
}

// ---------------------------------------------------------------------------------------------
// Architectures

export type Activation = 'relu' | 'tanh' | 'elu' | 'sigmoid';

/** Multi-layer perceptron; `hidden: []` is multinomial logistic regression. */
export interface MlpArch {
  family: 'mlp';
  hidden: number[];
  activation?: Activation;
  dropout?: number;
}

export interface ConvBlock {
  filters: number;
  kernel: number;
  stride?: number;
  padding?: 'same' | 'valid';
  /** Max-pool size after the conv (1 or absent = no pooling). */
  pool?: number;
}

/** Conv blocks (conv → activation → optional max-pool), flatten, dense layers, softmax output. */
export interface CnnArch {
  family: 'cnn';
  convs: ConvBlock[];
  dense: number[];
  activation?: Activation;
  dropout?: number;
}

/**
 * A CART classification tree (issue 11; `tree[d3]`), fitted by exact split search on float32
 * values with per-example weights and optional soft targets (src/cart/cart-fit.ts).
 */
export interface TreeArch {
  family: 'tree';
  /** Deepest split level, 1 to 30: a depth-3 tree has at most 8 leaves. */
  maxDepth: number;
  /** Fewest training examples with weight > 0 a leaf may hold (default 1), as scikit-learn's min_samples_leaf. */
  minSamplesLeaf?: number;
  /** Most leaves, ≥ 2 (best-first growth when set, as scikit-learn's max_leaf_nodes; default: no limit beyond maxDepth). */
  maxLeaves?: number;
  /** Split criterion (default 'gini'). */
  criterion?: 'gini' | 'entropy';
}

/**
 * A random forest (`forest[t20 d6]`): `trees` CART trees, each on its own seeded bootstrap sample
 * with `maxFeatures` features tried per split, their class probabilities averaged.
 */
export interface ForestArch {
  family: 'forest';
  /** Number of trees. */
  trees: number;
  /** Deepest split level of every tree, 1 to 30. */
  maxDepth: number;
  /** Fewest training examples with weight > 0 per leaf (default 1). */
  minSamplesLeaf?: number;
  /** Non-constant features tried per split: 'sqrt' (⌊√features⌋, default) or a number (capped at the feature count). */
  maxFeatures?: 'sqrt' | number;
  /** Split criterion (default 'gini'). */
  criterion?: 'gini' | 'entropy';
}

/**
 * Multinomial logistic regression with L2 (`linear`), fitted to convergence by L-BFGS. Objective:
 * the (example-weighted) mean cross-entropy + (l2/2)·‖coefficients‖², so l2 = 1/(C·n) is
 * scikit-learn's LogisticRegression(C) on n training rows. Weights: one [features + 1, classes]
 * matrix, the last row the intercepts.
 */
export interface LinearArch {
  family: 'linear';
  /** L2 penalty on the coefficients (not the intercepts); default 1e-4. */
  l2?: number;
}

/**
 * Gradient-boosted trees, multiclass softmax loss, histogram splits (`gbt[r200 d4]`): one tree per
 * class per round, as scikit-learn's HistGradientBoostingClassifier (whose defaults these are).
 * Weights: packTrees of the R·C round trees (round r, class c → tree r·C + c) then C single-leaf
 * trees holding the initial scores (log class priors).
 */
export interface GbtArch {
  family: 'gbt';
  /** Boosting rounds (the node's epochs). */
  rounds: number;
  /** Deepest split level of every tree (1 to 16). */
  maxDepth: number;
  /** Shrinkage (default 0.1). */
  learningRate?: number;
  /** Histogram bins per feature, 2 to 65535 (default 255). */
  bins?: number;
  /** Fewest training rows a leaf may hold (default 20). */
  minSamplesLeaf?: number;
  /** L2 regularisation of leaf values (default 0). */
  l2?: number;
  /**
   * Largest Newton step a leaf may take before shrinkage, |G/(H+λ)| (XGBoost's and LightGBM's
   * max_delta_step; default 10; 0: no cap). Keeps rare classes from diverging.
   */
  maxDeltaStep?: number;
}

/** The TF.js network families. */
export type NetworkArch = MlpArch | CnnArch;

export type Arch = MlpArch | CnnArch | TreeArch | ForestArch | LinearArch | GbtArch;

/**
 * How big a model is, on one scale shared by every family so that "decreasing complexity" can be
 * compared across a mixed chain (docs/design.md §2).
 *
 * `params` orders models across families: for networks it is weights + biases; tree families
 * count their nodes (split and leaf nodes, over every tree of an ensemble) as params. `bytes` and
 * `flops` are what storing the model and one forward pass cost, whatever the family. Tree
 * families also report `leaves` and `depth`; network families leave them out.
 */
export interface Complexity {
  /** Trainable parameters (networks) or tree nodes (tree families): the cross-family order. */
  params: number;
  /** Multiply-adds × 2 per example in a forward pass (comparisons for trees). */
  flops: number;
  /** Size of the stored model: params × 4 for float32 networks. */
  bytes: number;
  /** Leaves over every tree (tree families only). */
  leaves?: number;
  /** Deepest root-to-leaf path (tree families only). */
  depth?: number;
}

// ---------------------------------------------------------------------------------------------
// Training

export interface TrainSettings {
  maxEpochs: number;
  batchSize: number;
  learningRate: number;
  /** Epochs without validation-loss improvement before stopping; best weights are restored. */
  patience: number;
  /**
   * L2 penalty on the kernels of a network (dense and conv, not biases): the loss gains
   * weightDecay/2 · Σ w². Absent or 0: none. Other families ignore it (their penalties are arch fields).
   */
  weightDecay?: number;
  /**
   * Per-node tuning: the node is trained once per combination of these values (each replacing the
   * setting of the same name) and the one with the best validation accuracy is kept (ties: lower
   * validation loss, then the earlier combination). Test accuracy is never read for the choice.
   */
  tune?: TuneGrid;
  /**
   * The root only: its teacher signal's train-split logits are computed out of fold, by this many
   * extra trainings of the root's arch each leaving one stratified fold of the train split out,
   * so students do not learn the root's overconfidence on rows it was fitted to. Absent: in-sample.
   */
  signalFolds?: number;
}

/** Values to try per setting; the node trains once per combination of the lists its family reads. */
export interface TuneGrid {
  learningRate?: number[];
  weightDecay?: number[];
  maxEpochs?: number[];
  /**
   * Tree families (tree, forest, gbt): the arch's minSamplesLeaf for each trial. The node keeps its
   * arch (and key); the chosen value is recorded with it, and its weights are the chosen model.
   */
  minSamplesLeaf?: number[];
}

/** Soft-target (KD) loss settings: (1-α)·CE(y, s) + α·τ²·KL(p_T^τ ‖ p_S^τ). */
export interface SoftTargets {
  /** Teacher logits on the training split, count × numClasses. */
  teacherLogits: Float32Array;
  temperature: number;
  alpha: number;
}

/**
 * Rows trained on beside the training split (model compression's synthetic examples), each with
 * its own target distribution. They count in the training loss with weight 1; train metrics and
 * probabilities stay on the real rows.
 */
export interface ExtraRows {
  /** count × prod(exampleShape) preprocessed features, row-major, as the splits hold them. */
  features: Float32Array;
  count: number;
  /** count × numClasses target distributions (each row ≥ 0, summing to 1). */
  targets: Float32Array;
}

/** What a transfer method hands to training. */
export interface TrainInputs {
  /** Per-example weights on the training split (0 drops the example). */
  sampleWeights?: Float32Array;
  softTargets?: SoftTargets;
  /** Rows added to the training split for this node only (cannot be combined with softTargets). */
  extraRows?: ExtraRows;
}

/** Serialised weights of a TF.js model, in `model.getWeights()` order. */
export interface ModelWeights {
  shapes: number[][];
  /** All weights concatenated, float32. */
  values: Float32Array;
}

export interface SplitMetrics {
  accuracy: number;
  loss: number;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
  valAccuracy: number;
}

export interface TrainResult {
  weights: ModelWeights;
  train: SplitMetrics;
  validation: SplitMetrics;
  test: SplitMetrics;
  epochs: number;
  wallMs: number;
  history: EpochRecord[];
  /** Class probabilities per split, count × numClasses. */
  probabilities: { train: Float32Array; validation: Float32Array; test: Float32Array };
}

// ---------------------------------------------------------------------------------------------
// Transfer

export type MethodKey = 'scratch' | 'kd' | 'profweight' | 'sratio' | 'compression';

/** Method parameters and conventions, recorded with every node. */
export type MethodParams = Record<string, number | string | boolean | number[] | null>;

/** One linear probe on a teacher's hidden representation (or its output). */
export interface ProbeSignal {
  /** Layer name, or "output" for the teacher's own softmax. */
  layer: string;
  /** Probe accuracy on the validation split. */
  validationAccuracy: number;
  /** Probability of the true label on each training example. */
  trainTrueConfidence: Float32Array;
}

/** What a parent node gives its children; computed once per parent and cached. */
export interface TeacherSignal {
  /** Logits on the training split, count × numClasses. */
  trainLogits: Float32Array;
  /** Probes ordered from the first hidden layer to the output (last). */
  probes: ProbeSignal[];
}

/** The student architecture trained from scratch, needed by ProfWeight (α-margin) and SRatio. */
export interface StudentScratchSignal {
  validationAccuracy: number;
  trainTrueConfidence: Float32Array;
}

// ---------------------------------------------------------------------------------------------
// Search

export type NodeStatus = 'pending' | 'running' | 'done' | 'failed';

/** A hop to train: everything that identifies a node. Its `key` is a deterministic id. */
export interface HopSpec {
  key: string;
  /** Key of the parent node, null for the root and for scratch nodes. */
  parentKey: string | null;
  arch: Arch;
  /** 'root' trains the complex model on labels (on rootTrain when reserved). */
  method: MethodKey | 'root';
  params: MethodParams;
  seed: number;
  /** Role in the search, for reports: root, scratch target, candidate intermediate, target. */
  role: 'root' | 'scratch' | 'intermediate' | 'target';
  /**
   * For methods that need the student's scratch signal (ProfWeight margin, SRatio): the key of
   * the scratch node of the same arch and seed, which the controller makes sure is done first.
   */
  studentScratchKey?: string;
}

/** A finished (or failed) node as the controller sees it: no weights, no test metrics. */
export interface NodeOutcome {
  key: string;
  status: NodeStatus;
  validationAccuracy: number | null;
  complexity: Complexity;
  attempts: number;
}

/**
 * The models of the families parity table: each multihop arch beside the scikit-learn estimator
 * fitted with the same settings (families-sklearn.py builds it from `kind` and `params`), and the
 * accuracy target issue 11 (point 8) sets for it.
 */
import type { Arch } from '../../src/core/index.js';
import { GBT_DEFAULTS, LINEAR_DEFAULTS } from '../../src/models/index.js';

/** One row kind of the table. */
export interface ParityModel {
  arch: Arch;
  /** The scikit-learn estimator, for the Python side. */
  sklearn: { kind: 'tree' | 'forest' | 'linear' | 'gbt'; params: (trainRows: number) => Record<string, number> };
  /** How the estimator is named in the report. */
  sklearnLabel: string;
  /** Issue 11's bound on |mean(ours − scikit-learn)| in test-accuracy points; null where it sets none. */
  targetPoints: number | null;
}

/** Seeds of every fit, on both sides (split seed stays 0: the product's default split). */
export const PARITY_SEEDS = [0, 1, 2, 3, 4];

const tree = (maxDepth: number): ParityModel => ({
  arch: { family: 'tree', maxDepth, minSamplesLeaf: 1, criterion: 'gini' },
  sklearn: { kind: 'tree', params: () => ({ max_depth: maxDepth, min_samples_leaf: 1 }) },
  sklearnLabel: `DecisionTreeClassifier(max_depth=${maxDepth})`,
  targetPoints: 1,
});

const gbtParams = (learningRate: number) => () => ({
  max_iter: 100,
  max_depth: 3,
  learning_rate: learningRate,
  min_samples_leaf: GBT_DEFAULTS.minSamplesLeaf,
  l2_regularization: GBT_DEFAULTS.l2,
  max_bins: GBT_DEFAULTS.bins,
});

export const PARITY_MODELS: ParityModel[] = [
  tree(3),
  tree(6),
  {
    arch: { family: 'forest', trees: 50, maxDepth: 6, minSamplesLeaf: 1, maxFeatures: 'sqrt', criterion: 'gini' },
    sklearn: { kind: 'forest', params: () => ({ n_estimators: 50, max_depth: 6, min_samples_leaf: 1 }) },
    sklearnLabel: "RandomForestClassifier(50, max_depth=6, max_features='sqrt')",
    targetPoints: null,
  },
  {
    arch: { family: 'linear', l2: LINEAR_DEFAULTS.l2 },
    // src/linear/linear-model.ts: mean weighted cross-entropy + (l2/2)·‖W‖² is sklearn's objective
    // divided by C·n, so C = 1/(l2·n) gives the same minimiser.
    sklearn: { kind: 'linear', params: (n) => ({ C: 1 / (LINEAR_DEFAULTS.l2 * n) }) },
    sklearnLabel: `LogisticRegression(C=1/(${LINEAR_DEFAULTS.l2}·n), multinomial)`,
    targetPoints: 1,
  },
  {
    arch: { family: 'gbt', rounds: 100, maxDepth: 3 },
    sklearn: { kind: 'gbt', params: gbtParams(GBT_DEFAULTS.learningRate) },
    sklearnLabel: `HistGradientBoostingClassifier(100, max_depth=3, lr ${GBT_DEFAULTS.learningRate}, min_samples_leaf ${GBT_DEFAULTS.minSamplesLeaf}, l2 ${GBT_DEFAULTS.l2}, ${GBT_DEFAULTS.bins} bins, no early stopping)`,
    targetPoints: 1.5,
  },
];

/**
 * A diagnostic for two-class sets, outside the targets: scikit-learn's binary gradient boosting
 * fits one tree per round on the logit. The gbt family once fitted two mirrored softmax trees per
 * round, which acted like twice the learning rate (Sonar +7.3 points); it now grows one, so it
 * should match scikit-learn at the same learning rate, not at twice it. Both are measured.
 */
export const BINARY_GBT_CHECK = {
  kind: 'gbt' as const,
  params: gbtParams(2 * GBT_DEFAULTS.learningRate),
  label: `sklearn, learning_rate ${2 * GBT_DEFAULTS.learningRate}`,
};

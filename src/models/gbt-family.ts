import { z } from 'zod';
import type { GbtArch } from '../core/index.js';
import type { FamilyRuntime, ModelFamily } from './model-family.js';
import { positiveInt } from './network-arch.js';
import { interpolateTreeDepth } from './tree-family.js';

/**
 * Defaults of the optional gbt arch fields: scikit-learn's HistGradientBoostingClassifier's, plus a
 * cap on each leaf's Newton step (XGBoost's max_delta_step). Without the cap, a class with a few
 * rows gets leaves of −G/H with H ≈ 0 and the scores run away: on mlbench's Shuttle (7 classes, the
 * rarest with 4 of 58,000 rows) gbt[r200 d4] ended at the majority class, as scikit-learn's
 * HistGradientBoostingClassifier does on the same split. A cap of 10 fixes it (99.6 % validation)
 * and is rarely reached elsewhere (0 to 62 of ~10⁵ leaves on five development sets).
 */
export const GBT_DEFAULTS = { learningRate: 0.1, bins: 255, minSamplesLeaf: 20, l2: 0, maxDeltaStep: 10 };
/** Deepest tree a gbt arch may ask for (the node bound 2^(d+1) − 1 stays meaningful). */
export const GBT_MAX_DEPTH = 16;

const number = (what: string) => z.number({ invalid_type_error: `expected ${what}`, required_error: `expected ${what}` });

const gbtSchema: z.ZodType<GbtArch> = z
  .object({
    family: z.literal('gbt'),
    rounds: positiveInt('a positive number of rounds'),
    maxDepth: positiveInt(`a depth from 1 to ${GBT_MAX_DEPTH}`).max(GBT_MAX_DEPTH, { message: `expected a depth from 1 to ${GBT_MAX_DEPTH}` }),
    learningRate: number('a learning rate in (0, 1]').gt(0, { message: 'expected a learning rate in (0, 1]' }).max(1, { message: 'expected a learning rate in (0, 1]' }).optional(),
    bins: number('a bin count from 2 to 65535').int({ message: 'expected a bin count from 2 to 65535' }).min(2, { message: 'expected a bin count from 2 to 65535' }).max(65535, { message: 'expected a bin count from 2 to 65535' }).optional(),
    minSamplesLeaf: positiveInt().optional(),
    l2: number('an L2 penalty (a number ≥ 0)').min(0, { message: 'expected an L2 penalty (a number ≥ 0)' }).finite({ message: 'expected an L2 penalty (a number ≥ 0)' }).optional(),
    maxDeltaStep: number('a largest leaf step (a number ≥ 0; 0: no cap)').min(0, { message: 'expected a largest leaf step (a number ≥ 0; 0: no cap)' }).finite({ message: 'expected a largest leaf step (a number ≥ 0; 0: no cap)' }).optional(),
  })
  .strict();

/** The arch with every default written out. */
function canonicalGbt(arch: GbtArch): Required<GbtArch> {
  return {
    family: 'gbt',
    rounds: arch.rounds,
    maxDepth: arch.maxDepth,
    learningRate: arch.learningRate ?? GBT_DEFAULTS.learningRate,
    bins: arch.bins ?? GBT_DEFAULTS.bins,
    minSamplesLeaf: arch.minSamplesLeaf ?? GBT_DEFAULTS.minSamplesLeaf,
    l2: arch.l2 ?? GBT_DEFAULTS.l2,
    maxDeltaStep: arch.maxDeltaStep ?? GBT_DEFAULTS.maxDeltaStep,
  };
}

/**
 * Gradient-boosted regression trees with the multiclass softmax loss: one histogram tree per class
 * per round (src/boosting). Takes any example shape, flattened.
 */
export const gbtFamily: ModelFamily<GbtArch> = {
  key: 'gbt',
  description: 'gradient-boosted trees (softmax loss, one histogram tree per class per round)',
  exportFiles: ['gbt-model.json'],
  schema: gbtSchema,

  canonical: canonicalGbt,

  /** `gbt[r200 d4]`, then `/lr0.05`, `/b64` (bins), `/l5` (min samples per leaf), `/l2=1`, `/mds5` (largest leaf step) when not the defaults. */
  label(arch) {
    const a = canonicalGbt(arch);
    const suffix =
      (a.learningRate !== GBT_DEFAULTS.learningRate ? `/lr${a.learningRate}` : '') +
      (a.bins !== GBT_DEFAULTS.bins ? `/b${a.bins}` : '') +
      (a.minSamplesLeaf !== GBT_DEFAULTS.minSamplesLeaf ? `/l${a.minSamplesLeaf}` : '') +
      (a.l2 !== GBT_DEFAULTS.l2 ? `/l2=${a.l2}` : '') +
      (a.maxDeltaStep !== GBT_DEFAULTS.maxDeltaStep ? `/mds${a.maxDeltaStep}` : '');
    return `gbt[r${a.rounds} d${a.maxDepth}]${suffix}`;
  },

  /**
   * By arithmetic, as bounds: every round tree is at most a full tree of depth maxDepth, plus one
   * leaf per class for the initial scores. params = nodes = R·C·(2^(d+1) − 1) + C; leaves =
   * R·C·2^d + C; depth = d; FLOPs = comparisons per example = R·C·d; bytes = nodes × (4 + 1) × 4
   * (feature, threshold, two children and one raw score per node, float32).
   */
  complexity(arch, _exampleShape, numClasses) {
    const trees = arch.rounds * numClasses;
    const nodes = trees * (2 ** (arch.maxDepth + 1) - 1) + numClasses;
    return {
      params: nodes,
      flops: trees * arch.maxDepth,
      bytes: nodes * 5 * 4,
      leaves: trees * 2 ** arch.maxDepth + numClasses,
      depth: arch.maxDepth,
    };
  },

  /** The class count C is read back from the node count R·C·(2^(d+1) − 1) + C of {@link complexity}. */
  treeShape(arch, params) {
    const classes = Math.round(params / (arch.rounds * (2 ** (arch.maxDepth + 1) - 1) + 1));
    return { leaves: arch.rounds * classes * 2 ** arch.maxDepth + classes, depth: arch.maxDepth };
  },

  /**
   * The depth is interpolated between the teacher's and the target's (at most {@link GBT_MAX_DEPTH});
   * the multiplier scales the number of rounds. Learning rate, bins and the rest are the teacher's.
   */
  scaledBetween(teacher, target, fraction) {
    const maxDepth = interpolateTreeDepth(teacher.maxDepth, target, fraction, GBT_MAX_DEPTH);
    return (multiplier) => ({ ...teacher, maxDepth, rounds: Math.max(1, Math.round(teacher.rounds * multiplier)) });
  },

  constructionSeed: { family: 'gbt', rounds: 20, maxDepth: 3 },
  tunable: ['minSamplesLeaf'],

  runsOnBackend: false,

  async runtime() {
    const { gbtRuntime } = await import('../boosting/gbt-runtime.js');
    return gbtRuntime as FamilyRuntime<GbtArch>;
  },
};

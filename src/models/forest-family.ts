import { z } from 'zod';
import type { ForestArch } from '../core/index.js';
import type { FamilyRuntime, ModelFamily } from './model-family.js';
import { positiveInt } from './network-arch.js';
import { CART_MAX_DEPTH, cartComplexity, cartLabelSuffix, cartTreeShape, criterionField, depthField, interpolateTreeDepth } from './tree-family.js';

/** The file a `forest` model is exported as (src/cart/model-file.ts). */
export const FOREST_MODEL_FILE = 'forest-model.json';

const forestSchema: z.ZodType<ForestArch> = z
  .object({
    family: z.literal('forest'),
    trees: positiveInt(),
    maxDepth: depthField,
    minSamplesLeaf: positiveInt().optional(),
    maxFeatures: z
      .union([z.literal('sqrt'), positiveInt()], { errorMap: () => ({ message: "expected 'sqrt' or a positive integer" }) })
      .optional(),
    criterion: criterionField,
  })
  .strict();

/** Features tried per split for examples of `width` features: ⌊√width⌋ (at least 1) or the arch's number, at most width. */
export function forestFeaturesPerSplit(arch: ForestArch, width: number): number {
  const wanted = (arch.maxFeatures ?? 'sqrt') === 'sqrt' ? Math.floor(Math.sqrt(width)) : (arch.maxFeatures as number);
  return Math.max(1, Math.min(width, wanted));
}

/**
 * Random forests: bootstrap CART trees with random feature subsets per split, probabilities
 * averaged. Its teacher probes are partial forests (`trees:k`, the first k trees).
 */
export const forestFamily: ModelFamily<ForestArch> = {
  key: 'forest',
  description: 'random forest of CART trees (trees, maxDepth, maxFeatures; bootstrap per tree)',
  exportFiles: [FOREST_MODEL_FILE],
  schema: forestSchema,

  canonical(arch) {
    return {
      family: 'forest',
      trees: arch.trees,
      maxDepth: arch.maxDepth,
      minSamplesLeaf: arch.minSamplesLeaf ?? 1,
      maxFeatures: arch.maxFeatures ?? 'sqrt',
      criterion: arch.criterion ?? 'gini',
    };
  },

  /** `forest[t20 d6]`, then `/l5` (minSamplesLeaf), `/f4` (maxFeatures), `/entropy` when set. */
  label(arch) {
    const features = typeof arch.maxFeatures === 'number' ? `/f${arch.maxFeatures}` : '';
    return `forest[t${arch.trees} d${arch.maxDepth}]${cartLabelSuffix(arch, features)}`;
  },

  /** The bound of {@link cartComplexity} over `trees` trees. */
  complexity(arch, _exampleShape, numClasses) {
    return cartComplexity(arch.trees, arch.maxDepth, undefined, numClasses);
  },

  treeShape(arch) {
    return cartTreeShape(arch.trees, arch.maxDepth);
  },

  /** The depth is interpolated between the teacher's and the target's; the multiplier scales the number of trees. */
  scaledBetween(teacher, target, fraction) {
    const maxDepth = interpolateTreeDepth(teacher.maxDepth, target, fraction, CART_MAX_DEPTH);
    return (multiplier) => ({ ...teacher, maxDepth, trees: Math.max(1, Math.round(teacher.trees * multiplier)) });
  },

  constructionSeed: { family: 'forest', trees: 10, maxDepth: 4 },
  tunable: ['minSamplesLeaf'],

  runsOnBackend: false,

  async runtime() {
    const { forestRuntime } = await import('../cart/forest-runtime.js');
    return forestRuntime as FamilyRuntime<ForestArch>;
  },
};

import { z } from 'zod';
import type { Complexity, TreeArch } from '../core/index.js';
import type { FamilyRuntime, ModelFamily, ScaleTarget, TreeShape } from './model-family.js';
import { interpolateDepth, positiveInt } from './network-arch.js';

/** The file a `tree` model is exported as (src/cart/model-file.ts). */
export const TREE_MODEL_FILE = 'tree-model.json';

/** Deepest tree a `tree` or `forest` arch may ask for, and the proposers construct. */
export const CART_MAX_DEPTH = 30;

/** Deepest split level of a CART tree: 1 to 30 (2^31 nodes would not fit any store). */
export const depthField = z
  .number({ invalid_type_error: 'expected a depth from 1 to 30', required_error: 'expected a depth from 1 to 30' })
  .int({ message: 'expected a depth from 1 to 30' })
  .min(1, { message: 'expected a depth from 1 to 30' })
  .max(CART_MAX_DEPTH, { message: 'expected a depth from 1 to 30' });

export const criterionField = z
  .enum(['gini', 'entropy'], { errorMap: () => ({ message: "expected 'gini' or 'entropy'" }) })
  .optional();

const treeSchema: z.ZodType<TreeArch> = z
  .object({
    family: z.literal('tree'),
    maxDepth: depthField,
    minSamplesLeaf: positiveInt().optional(),
    maxLeaves: z
      .number({ invalid_type_error: 'expected an integer ≥ 2' })
      .int({ message: 'expected an integer ≥ 2' })
      .min(2, { message: 'expected an integer ≥ 2' })
      .optional(),
    criterion: criterionField,
  })
  .strict();

/** `/l5` (minSamplesLeaf), then `middle`, then `/entropy`, each only when not the default. */
export function cartLabelSuffix(arch: { minSamplesLeaf?: number; criterion?: 'gini' | 'entropy' }, middle = ''): string {
  return ((arch.minSamplesLeaf ?? 1) !== 1 ? `/l${arch.minSamplesLeaf}` : '') + middle + (arch.criterion === 'entropy' ? '/entropy' : '');
}

/**
 * The BOUND on a CART ensemble's size, by arithmetic: per tree at most min(2^d, maxLeaves) leaves
 * and 2·leaves − 1 nodes (so 2^(d+1) − 1, or 2·maxLeaves − 1 when smaller). params = nodes over
 * every tree (the cross-family scale of {@link Complexity}); flops = comparisons per example (the
 * depth of every tree; averaging is ignored); bytes = nodes × (4 + classes) float32 values, the
 * packed rows of src/trees/tree-arrays.ts.
 */
export function cartComplexity(trees: number, maxDepth: number, maxLeaves: number | undefined, numClasses: number): Complexity {
  const leaves = Math.min(2 ** maxDepth, maxLeaves ?? Number.POSITIVE_INFINITY);
  const nodes = 2 * leaves - 1;
  const depth = Math.min(maxDepth, leaves - 1);
  return { params: trees * nodes, flops: trees * depth, bytes: trees * nodes * (4 + numClasses) * 4, leaves: trees * leaves, depth };
}

/**
 * The depth a tree family constructs at position `fraction` between a teacher of depth `from` and
 * the target (its {@link ScaleTarget.depth}, or `from` again when the target has no tree depth),
 * at least 1 and at most `max`.
 */
export function interpolateTreeDepth(from: number, target: ScaleTarget, fraction: number, max: number): number {
  return Math.min(max, interpolateDepth(from, target.depth ?? from, fraction, 1));
}

/**
 * Leaves and depth of `trees` CART trees as {@link cartComplexity} bounds them, without the
 * class count, which only their byte size needs.
 */
export function cartTreeShape(trees: number, maxDepth: number, maxLeaves?: number): TreeShape {
  const { leaves, depth } = cartComplexity(trees, maxDepth, maxLeaves, 1);
  return { leaves: leaves ?? 0, depth: depth ?? 0 };
}

/**
 * CART classification trees (gini or entropy, exact float32 splits, per-example weights, soft
 * targets for distillation). Takes any example shape, flattened.
 */
export const treeFamily: ModelFamily<TreeArch> = {
  key: 'tree',
  description: 'CART decision tree (gini/entropy; maxDepth, minSamplesLeaf, maxLeaves)',
  exportFiles: [TREE_MODEL_FILE],
  schema: treeSchema,

  canonical(arch) {
    return {
      family: 'tree',
      maxDepth: arch.maxDepth,
      minSamplesLeaf: arch.minSamplesLeaf ?? 1,
      ...(arch.maxLeaves !== undefined ? { maxLeaves: arch.maxLeaves } : {}),
      criterion: arch.criterion ?? 'gini',
    };
  },

  /** `tree[d3]`, then `/l5` (minSamplesLeaf), `/n8` (maxLeaves), `/entropy` when set. */
  label(arch) {
    const leaves = arch.maxLeaves !== undefined ? `/n${arch.maxLeaves}` : '';
    return `tree[d${arch.maxDepth}]${cartLabelSuffix(arch, leaves)}`;
  },

  complexity(arch, _exampleShape, numClasses) {
    return cartComplexity(1, arch.maxDepth, arch.maxLeaves, numClasses);
  },

  treeShape(arch) {
    return cartTreeShape(1, arch.maxDepth, arch.maxLeaves);
  },

  /**
   * The depth is interpolated between the teacher's and the target's; the multiplier scales the
   * teacher's leaf count at that depth (min(2^depth, maxLeaves)) and the tree deepens when the
   * leaves need it, so nodes = 2·leaves − 1 grow with the multiplier. `maxLeaves` is written only
   * where it binds (fewer leaves than 2^depth).
   */
  scaledBetween(teacher, target, fraction) {
    const depth = interpolateTreeDepth(teacher.maxDepth, target, fraction, CART_MAX_DEPTH);
    const baseLeaves = Math.min(2 ** depth, teacher.maxLeaves ?? Number.POSITIVE_INFINITY);
    return (multiplier) => {
      const leaves = Math.max(2, Math.round(baseLeaves * multiplier));
      const maxDepth = Math.min(CART_MAX_DEPTH, Math.max(depth, Math.ceil(Math.log2(leaves))));
      const { maxLeaves: _teacherLeaves, ...rest } = teacher;
      return leaves < 2 ** maxDepth ? { ...rest, maxDepth, maxLeaves: leaves } : { ...rest, maxDepth };
    };
  },

  constructionSeed: { family: 'tree', maxDepth: 4 },
  tunable: ['minSamplesLeaf'],

  runsOnBackend: false,

  async runtime() {
    const { treeRuntime } = await import('../cart/tree-runtime.js');
    return treeRuntime as FamilyRuntime<TreeArch>;
  },
};

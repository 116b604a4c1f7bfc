/**
 * The `forest` family's runtime: a random forest (Breiman 2001) of CART trees. Tree t draws its
 * bootstrap sample (n rows with replacement) and its per-split feature subsets from the seed
 * `deriveSeed(seed, 'tree:t')`; a row's weight in tree t is its bootstrap count × its example
 * weight, as scikit-learn passes bootstrap counts as sample weights. Probabilities are averaged.
 */
import { createRng, deriveSeed, type ForestArch } from '../core/index.js';
import type { FamilyRuntime } from '../models/index.js';
import { forestFamily, forestFeaturesPerSplit, FOREST_MODEL_FILE } from '../models/forest-family.js';
import type { TreeArrays } from '../trees/tree-arrays.js';
import { fitCart, type CartTargets } from './cart-fit.js';
import { rankRows, type SortedRows } from './cart-sort.js';
import { cartRuntime } from './cart-runtime.js';

/**
 * Partial forests probed before the whole one (issue 11 point 3): the first k trees for
 * k = 1, ⌈T/4⌉, ⌈T/2⌉ (those below T, without repeats), named `trees:k`; the full forest is 'output'.
 */
export function forestProbeSizes(trees: number): number[] {
  return [...new Set([1, Math.ceil(trees / 4), Math.ceil(trees / 2)])].filter((k) => k < trees).sort((a, b) => a - b);
}

/** The trees of forest `arch` on `rows` with per-row `targets`, deterministic for `seed` (what `train` fits). */
export function fitForest(rows: SortedRows, targets: CartTargets, arch: ForestArch, seed: number): TreeArrays[] {
  const canonical = forestFamily.canonical(arch);
  const maxFeatures = forestFeaturesPerSplit(canonical, rows.width);
  // Ranks once per forest: every tree sorts its nodes' rows of the drawn features with them.
  const ranked = maxFeatures < rows.width ? rankRows(rows) : rows;
  const trees: TreeArrays[] = [];
  const counts = new Float64Array(rows.count);
  for (let t = 0; t < canonical.trees; t++) {
    const rng = createRng(deriveSeed(seed, `tree:${t}`));
    counts.fill(0);
    for (let draw = 0; draw < rows.count; draw++) counts[rng.int(rows.count)]++;
    const weight = new Float64Array(rows.count);
    for (let i = 0; i < rows.count; i++) weight[i] = counts[i] * targets.weight[i];
    trees.push(
      fitCart(ranked, { ...targets, weight }, {
        maxDepth: canonical.maxDepth,
        minSamplesLeaf: canonical.minSamplesLeaf ?? 1,
        criterion: canonical.criterion ?? 'gini',
        maxFeatures,
        rng,
      }),
    );
  }
  return trees;
}

/** Training, partial-forest probes, prediction and `forest-model.json` files for `forest` archs. */
export const forestRuntime: FamilyRuntime<ForestArch> = cartRuntime<ForestArch>({
  family: 'forest',
  fileName: FOREST_MODEL_FILE,
  fit: fitForest,
  probeSizes: (arch) => forestProbeSizes(arch.trees),
});

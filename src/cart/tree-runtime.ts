/** The `tree` family's runtime: one CART tree (src/cart/cart-fit.ts) on the training rows. */
import type { TreeArch } from '../core/index.js';
import type { FamilyRuntime } from '../models/index.js';
import { treeFamily, TREE_MODEL_FILE } from '../models/tree-family.js';
import { fitCart, type CartTargets } from './cart-fit.js';
import type { SortedRows } from './cart-sort.js';
import { unpackTrees, type TreeArrays } from '../trees/tree-arrays.js';
import { cartRuntime } from './cart-runtime.js';
import { treeRules } from './tree-rules.js';

/** The one tree of `arch` on `rows` with per-row `targets` (what `train` fits). */
export function fitTree(rows: SortedRows, targets: CartTargets, arch: TreeArch): TreeArrays[] {
  const { maxDepth, minSamplesLeaf, maxLeaves, criterion } = treeFamily.canonical(arch);
  return [fitCart(rows, targets, { maxDepth, minSamplesLeaf: minSamplesLeaf ?? 1, maxLeaves, criterion: criterion ?? 'gini' })];
}

const cart = cartRuntime<TreeArch>({
  family: 'tree',
  fileName: TREE_MODEL_FILE,
  fit: fitTree,
  probeSizes: () => [],
});

/** Training, prediction, `tree-model.json` files and if-then rules for `tree` archs; deterministic (no seed used). */
export const treeRuntime: FamilyRuntime<TreeArch> = {
  ...cart,
  readable(arch, weights, features) {
    const [tree] = unpackTrees(weights);
    const rules = treeRules(tree, features);
    return [`${treeFamily.label(arch)}: ${rules.length} rules, one per leaf: exactly one holds for any row`, ...rules.map((r, i) => `${i + 1}. ${r}`)].join('\n');
  },
};

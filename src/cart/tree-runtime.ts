/** The `tree` family's runtime: one CART tree (src/cart/cart-fit.ts) on the training rows. */
import type { TreeArch } from '../core/index.js';
import type { FamilyRuntime } from '../models/index.js';
import { treeFamily, TREE_MODEL_FILE } from '../models/tree-family.js';
import { fitCart } from './cart-fit.js';
import { cartRuntime } from './cart-runtime.js';

/** Training, prediction and `tree-model.json` files for `tree` archs; deterministic (no seed used). */
export const treeRuntime: FamilyRuntime<TreeArch> = cartRuntime<TreeArch>({
  family: 'tree',
  fileName: TREE_MODEL_FILE,
  fit(rows, targets, arch) {
    const { maxDepth, minSamplesLeaf, maxLeaves, criterion } = treeFamily.canonical(arch);
    return [fitCart(rows, targets, { maxDepth, minSamplesLeaf: minSamplesLeaf ?? 1, maxLeaves, criterion: criterion ?? 'gini' })];
  },
  probeSizes: () => [],
});

/**
 * CART trees and random forests in pure TypeScript (issue 11): fitting, prediction, the model
 * file, and the `tree` / `forest` family runtimes. Reached through `ModelFamily.runtime()`.
 */
export { fitCart, type CartOptions, type CartTargets } from './cart-fit.js';
export { rankRows, sortRows, type RankedRows, type SortedRows } from './cart-sort.js';
export { cartTargets } from './cart-targets.js';
export { predictTrees } from './tree-predict.js';
export { fitTree, treeRuntime } from './tree-runtime.js';
export { fitForest, forestRuntime, forestProbeSizes } from './forest-runtime.js';

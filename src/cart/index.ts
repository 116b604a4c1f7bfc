/**
 * CART trees and random forests in pure TypeScript (issue 11): fitting, prediction, the model
 * file, and the `tree` / `forest` family runtimes. Reached through `ModelFamily.runtime()`.
 */
export { fitCart, sortRows, type CartOptions, type CartTargets, type SortedRows } from './cart-fit.js';
export { cartTargets } from './cart-targets.js';
export { predictTrees } from './tree-predict.js';
export { treeRuntime } from './tree-runtime.js';
export { forestRuntime, forestProbeSizes } from './forest-runtime.js';

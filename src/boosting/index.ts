/**
 * The gbt family's runtime: gradient-boosted histogram trees with the multiclass softmax loss,
 * stored through src/trees/tree-arrays.ts.
 */
export { gbtRuntime, probeRounds } from './gbt-runtime.js';
export { fitBoosting, type BoostedFit, type RoundReport } from './gbt-train.js';
export { binEdges, binFeatures, binOf, rowSlots, type FeatureBins } from './feature-bins.js';
export { growTree, type TreeGrowth } from './histogram-tree.js';
export { treeGrower, type TreeGrower } from './tree-grower.js';
export { addRounds, ensembleProbabilities, packEnsemble, unpackEnsemble, type Ensemble } from './gbt-model.js';

/**
 * CART trees as one ONNX-ML `TreeEnsembleClassifier` (ai.onnx.ml): a row goes to the true branch
 * when `x[feature] <= threshold` (`BRANCH_LEQ`), as in src/trees/tree-arrays.ts. The operator sums
 * each class's leaf weights over the trees (`post_transform` NONE), so a leaf's class probabilities
 * are divided by the tree count: the sum is then the forest's mean, as predictTrees computes it.
 */
import { ConfigError } from '../core/index.js';
import { nodeCount, type TreeArrays } from '../trees/tree-arrays.js';
import { featuresInput, ONNX_BATCH, ONNX_FEATURES, ONNX_LABEL, ONNX_ML_OPSET, ONNX_OPSET, ONNX_PROBABILITIES, probabilitiesOutput, type OnnxGraph } from './onnx-graph.js';

/** The graph of `trees` (leaf values = class probabilities) predicting their mean on `width` features. */
export function treeEnsembleGraph(trees: readonly TreeArrays[], width: number, classes: number): OnnxGraph {
  const nodes = { treeIds: [] as number[], nodeIds: [] as number[], featureIds: [] as number[], modes: [] as string[], values: [] as number[], trueIds: [] as number[], falseIds: [] as number[] };
  const leaves = { treeIds: [] as number[], nodeIds: [] as number[], classIds: [] as number[], weights: [] as number[] };
  trees.forEach((tree, t) => {
    if (tree.outputs !== classes) {
      throw new ConfigError(`tree ${t} has ${tree.outputs} leaf values per node for ${classes} classes; the stored model is damaged, train it again`);
    }
    for (let i = 0; i < nodeCount(tree); i++) {
      const split = tree.feature[i] >= 0;
      nodes.treeIds.push(t);
      nodes.nodeIds.push(i);
      nodes.featureIds.push(split ? tree.feature[i] : 0);
      nodes.modes.push(split ? 'BRANCH_LEQ' : 'LEAF');
      nodes.values.push(split ? tree.threshold[i] : 0);
      nodes.trueIds.push(split ? tree.left[i] : 0);
      nodes.falseIds.push(split ? tree.right[i] : 0);
      if (split) continue;
      for (let c = 0; c < classes; c++) {
        leaves.treeIds.push(t);
        leaves.nodeIds.push(i);
        leaves.classIds.push(c);
        leaves.weights.push(tree.value[i * classes + c] / trees.length);
      }
    }
  });
  return {
    nodes: [
      {
        name: 'tree_ensemble',
        opType: 'TreeEnsembleClassifier',
        domain: ONNX_ML_OPSET.domain,
        inputs: [ONNX_FEATURES],
        // ONNX Runtime's own label output is wrong for two classes (always class 1 in 1.30), so the
        // label is the ArgMax below: the first most probable class, as multihop breaks ties.
        outputs: ['ensemble_label', ONNX_PROBABILITIES],
        attributes: [
          { name: 'classlabels_int64s', kind: 'ints', value: Array.from({ length: classes }, (_, c) => c) },
          { name: 'nodes_treeids', kind: 'ints', value: nodes.treeIds },
          { name: 'nodes_nodeids', kind: 'ints', value: nodes.nodeIds },
          { name: 'nodes_featureids', kind: 'ints', value: nodes.featureIds },
          { name: 'nodes_modes', kind: 'strings', value: nodes.modes },
          { name: 'nodes_values', kind: 'floats', value: Float32Array.from(nodes.values) },
          { name: 'nodes_truenodeids', kind: 'ints', value: nodes.trueIds },
          { name: 'nodes_falsenodeids', kind: 'ints', value: nodes.falseIds },
          { name: 'class_treeids', kind: 'ints', value: leaves.treeIds },
          { name: 'class_nodeids', kind: 'ints', value: leaves.nodeIds },
          { name: 'class_ids', kind: 'ints', value: leaves.classIds },
          { name: 'class_weights', kind: 'floats', value: Float32Array.from(leaves.weights) },
          { name: 'post_transform', kind: 'string', value: 'NONE' },
        ],
      },
      { name: 'label', opType: 'ArgMax', inputs: [ONNX_PROBABILITIES], outputs: [ONNX_LABEL], attributes: [{ name: 'axis', kind: 'int', value: 1 }, { name: 'keepdims', kind: 'int', value: 0 }] },
    ],
    initializers: [],
    inputs: [featuresInput(width)],
    outputs: [probabilitiesOutput(classes), { name: ONNX_LABEL, type: 'int64', dims: [ONNX_BATCH] }],
    opsets: [ONNX_OPSET, ONNX_ML_OPSET],
  };
}

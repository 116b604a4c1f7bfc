/**
 * One runtime for the CART families (`tree`, `forest`): both train a list of trees on sorted rows
 * and predict the mean of their leaf distributions, so they differ only in how trees are fitted
 * and which partial ensembles are probed. Pure TypeScript: no TF.js.
 */
import type { ForestArch, ModelWeights, PreparedData, ProbeSignal, TrainResult, TreeArch } from '../core/index.js';
import type { FamilyRuntime, LoadedModel } from '../models/index.js';
import { packTrees, unpackTrees, type TreeArrays } from '../trees/tree-arrays.js';
import type { CartTargets } from './cart-fit.js';
import { sortRows, type SortedRows } from './cart-sort.js';
import { logitsOf, outputProbe, pureTrainResult, trainedSplit, withExtraRows } from '../fit/index.js';
import { cartTargets } from './cart-targets.js';
import { loadTreeModel, saveTreeModel } from './model-file.js';
import { treeEnsembleGraph } from '../onnx/index.js';
import { predictTrees } from './tree-predict.js';

/** What distinguishes one CART family's runtime. */
export interface CartFamilySpec<A extends TreeArch | ForestArch> {
  family: A['family'];
  /** The model file saveModel writes (the family's `exportFiles`). */
  fileName: string;
  /** The trees of `arch` fitted on `rows` with per-row `targets`, deterministic for `seed`. */
  fit(rows: SortedRows, targets: CartTargets, arch: A, seed: number): TreeArrays[];
  /**
   * Tree counts of the partial ensembles probed before the full model, ascending (none for a
   * single tree); probe `trees:k` is the mean of trees 0 … k-1.
   */
  probeSizes(arch: A): number[];
}

function loaded(trees: TreeArrays[], width: number): LoadedModel {
  return { predictProbabilities: (features, count) => predictTrees(trees, features, count, width), dispose: () => undefined };
}

const widthOf = (exampleShape: number[]): number => exampleShape.reduce((a, b) => a * b, 1);

/** The {@link FamilyRuntime} of a CART family. */
export function cartRuntime<A extends TreeArch | ForestArch>(spec: CartFamilySpec<A>): FamilyRuntime<A> {
  return {
    async train(data, arch, _settings, inputs, seed, options = {}): Promise<TrainResult> {
      const started = performance.now();
      const split = trainedSplit(data, options, inputs);
      const width = widthOf(data.exampleShape);
      const base = cartTargets(split, data.numClasses, inputs);
      // Extra rows (compression's synthetic rows) follow the split's, weight 1, their targets as class masses.
      const rows = withExtraRows({ ...split, weights: base.weight, targets: base.mass }, inputs, width, data.numClasses);
      const targets: CartTargets = { mass: rows.targets, weight: rows.weights, classes: data.numClasses };
      const trees = spec.fit(sortRows(rows.features, rows.count, width), targets, arch, seed);
      const predict = (features: Float32Array, count: number) => predictTrees(trees, features, count, width);
      const result = pureTrainResult(data, split, predict, { weights: packTrees(trees), epochs: 1, history: [] }, started);
      const record = { epoch: 1, loss: result.train.loss, valLoss: result.validation.loss, valAccuracy: result.validation.accuracy };
      result.history.push(record);
      options.onEpoch?.(record);
      return result;
    },

    async teacherSignal(data: PreparedData, arch: A, weights: ModelWeights) {
      const trees = unpackTrees(weights);
      const width = widthOf(data.exampleShape);
      const probe = (layer: string, upTo: number): { signal: ProbeSignal; train: Float32Array } => {
        const validation = predictTrees(trees, data.validation.features, data.validation.count, width, upTo);
        const train = predictTrees(trees, data.train.features, data.train.count, width, upTo);
        return { signal: outputProbe(layer, data, train, validation), train };
      };
      const output = probe('output', trees.length);
      const probes = [...spec.probeSizes(arch).map((k) => probe(`trees:${k}`, k).signal), output.signal];
      return { trainLogits: logitsOf(output.train), probes };
    },

    fromWeights(_arch, exampleShape, _numClasses, weights) {
      return loaded(unpackTrees(weights), widthOf(exampleShape));
    },

    async saveModel(arch, exampleShape, numClasses, weights, dir) {
      saveTreeModel(dir, spec.fileName, arch, widthOf(exampleShape), numClasses, unpackTrees(weights));
    },

    async loadModel(dir, expected) {
      return loaded(loadTreeModel(dir, spec.fileName, spec.family, expected), widthOf(expected.exampleShape));
    },

    onnxGraph(_arch, exampleShape, numClasses, weights) {
      return treeEnsembleGraph(unpackTrees(weights), widthOf(exampleShape), numClasses);
    },
  };
}

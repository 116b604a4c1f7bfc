/**
 * A boosted ensemble as stored: `packTrees` of R·C round trees then C leaf-only trees holding the
 * initial scores. The tree of round r for class c is tree r·C + c, and tree R·C + c is class c's
 * initial score (log of its prior). Every tree has one output: a raw score added to its class.
 */
import { DataError, type ModelWeights } from '../core/index.js';
import { softmaxRows } from '../fit/index.js';
import { packTrees, unpackTrees, type TreeArrays } from '../trees/tree-arrays.js';

const ROW_BLOCK = 256;

/** An unpacked ensemble. */
export interface Ensemble {
  classes: number;
  rounds: number;
  /** R·C trees, round-major. */
  trees: TreeArrays[];
  /** Initial raw score per class. */
  initial: Float64Array;
}

/** A single-leaf tree holding `score`. */
function leafTree(score: number): TreeArrays {
  return {
    feature: Int32Array.of(-1),
    threshold: Float32Array.of(0),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    value: Float32Array.of(score),
    outputs: 1,
  };
}

/** The round trees then the initial-score trees, packed. */
export function packEnsemble(trees: readonly TreeArrays[], initial: Float64Array): ModelWeights {
  return packTrees([...trees, ...Array.from(initial, leafTree)]);
}

/**
 * Unpacks what {@link packEnsemble} wrote for `classes` classes.
 * @throws DataError when the trees do not make such an ensemble
 */
export function unpackEnsemble(weights: ModelWeights, classes: number): Ensemble {
  const all = unpackTrees(weights);
  if (all.length < classes || all.length % classes !== 0 || all.some((tree) => tree.outputs !== 1)) {
    throw new DataError(`gbt weights hold ${all.length} trees; expected rounds × ${classes} one-output trees plus ${classes} initial scores`);
  }
  const initialTrees = all.slice(all.length - classes);
  if (initialTrees.some((tree) => tree.feature.length !== 1 || tree.feature[0] >= 0)) {
    throw new DataError(`gbt weights: the last ${classes} trees must be single leaves (the initial scores)`);
  }
  return {
    classes,
    rounds: all.length / classes - 1,
    trees: all.slice(0, all.length - classes),
    initial: Float64Array.from(initialTrees, (tree) => tree.value[0]),
  };
}

/**
 * Raw scores (count × classes) after rounds [from, to) added to `scores` (initial scores first
 * when `scores` is absent).
 */
export function addRounds(ensemble: Ensemble, features: Float32Array, count: number, width: number, from: number, to: number, scores?: Float64Array): Float64Array {
  const { classes } = ensemble;
  const out = scores ?? initialScores(ensemble.initial, count);
  // Blocks of rows, every tree per block, so a block's scores stay in cache; each score still
  // adds its class's trees in round order.
  for (let start = 0; start < count; start += ROW_BLOCK) {
    const end = Math.min(count, start + ROW_BLOCK);
    for (let r = from; r < to; r++) {
      for (let c = 0; c < classes; c++) {
        const { feature, threshold, left, right, value } = ensemble.trees[r * classes + c];
        for (let i = start; i < end; i++) {
          let node = 0;
          while (feature[node] >= 0) node = features[i * width + feature[node]] <= threshold[node] ? left[node] : right[node];
          out[i * classes + c] += value[node];
        }
      }
    }
  }
  return out;
}

/** `count` rows of the initial scores. */
export function initialScores(initial: Float64Array, count: number): Float64Array {
  const classes = initial.length;
  const out = new Float64Array(count * classes);
  for (let i = 0; i < count; i++) out.set(initial, i * classes);
  return out;
}

/** Class probabilities of the full ensemble. */
export function ensembleProbabilities(ensemble: Ensemble, features: Float32Array, count: number, width: number): Float32Array {
  return softmaxRows(addRounds(ensemble, features, count, width, 0, ensemble.rounds), count, ensemble.classes);
}

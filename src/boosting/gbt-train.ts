/**
 * The boosting loop (Friedman 2001, with Newton leaf values as in XGBoost, LightGBM and
 * scikit-learn's HistGradientBoostingClassifier): raw scores start at the log class priors of the
 * targets; each round computes, for every training row i and class c,
 *
 *   g_ic = w_i·(p_ic − q_ic),   h_ic = w_i·p_ic·(1 − p_ic)
 *
 * from p = softmax(scores) and the row's target distribution q (one-hot, or the KD mixture, whose
 * softmax cross-entropy has the same gradient p − q), then fits one tree per class to them.
 *
 * Two classes are the binary logistic loss, as in scikit-learn: only the score difference
 * s_1 − s_0 matters, so one tree (class 1's) is grown per round and class 0's tree is a zero leaf.
 * Growing both would move the difference by both mirrored trees, i.e. at twice the learning rate.
 */
import type { GbtArch } from '../core/index.js';
import { PROBABILITY_FLOOR, softmaxRow, type TrainingRows } from '../fit/index.js';
import type { TreeArrays } from '../trees/tree-arrays.js';
import { binFeatures } from './feature-bins.js';
import { treeGrower } from './tree-grower.js';

/** What the loop reports after each round. */
export interface RoundReport {
  round: number;
  /** The weighted training objective (cross-entropy against the targets) after the round. */
  trainLoss: number;
  /** The round's C trees, class order. */
  trees: TreeArrays[];
  /** The initial scores the rounds add to. */
  initial: Float64Array;
}

/** The fitted trees and initial scores. */
export interface BoostedFit {
  trees: TreeArrays[];
  initial: Float64Array;
  /** The training rows' raw scores (count × classes) after the last round: what the ensemble predicts for them. */
  scores: Float64Array;
}

/** Fits `arch.rounds` rounds to `rows` (defaults written out, as `gbtFamily.canonical` gives). */
export function fitBoosting(rows: TrainingRows, width: number, classes: number, arch: Required<GbtArch>, onRound?: (report: RoundReport) => void): BoostedFit {
  const { count, weights, targets } = rows;
  const bins = binFeatures(rows.features, count, width, arch.bins);
  const grow = treeGrower(bins);
  const growth = { maxDepth: arch.maxDepth, minSamplesLeaf: arch.minSamplesLeaf, l2: arch.l2, learningRate: arch.learningRate, maxDeltaStep: arch.maxDeltaStep };
  let totalWeight = 0;
  const prior = new Float64Array(classes);
  for (let i = 0; i < count; i++) {
    totalWeight += weights[i];
    for (let c = 0; c < classes; c++) prior[c] += weights[i] * targets[i * classes + c];
  }
  const initial = Float64Array.from(prior, (p) => Math.fround(Math.log(Math.max(PROBABILITY_FLOOR, p / totalWeight))));
  const scores = new Float64Array(count * classes);
  for (let i = 0; i < count; i++) scores.set(initial, i * classes);
  const probabilities = new Float64Array(count * classes);
  // One class's gradients and hessians at a time, computed just before its tree grows from the
  // class's probabilities and targets laid out contiguously (class-major), not strided by classes.
  const gradients = new Float64Array(count);
  const hessians = new Float64Array(count);
  const targetsByClass = byClass(targets, count, classes, new Float64Array(count * classes));
  const probabilitiesByClass = new Float64Array(count * classes);
  // The class tree's leaf value per row, added to the class's scores while still in cache.
  const rowValues = new Float64Array(count);
  const trees: TreeArrays[] = [];
  softmaxAndLoss(scores, probabilities, rows, classes);
  for (let round = 1; round <= arch.rounds; round++) {
    byClass(probabilities, count, classes, probabilitiesByClass);
    const roundTrees: TreeArrays[] = [];
    for (let c = 0; c < classes; c++) {
      if (classes === 2 && c === 0) {
        roundTrees.push(zeroTree());
        continue;
      }
      for (let i = 0, at = c * count; i < count; i++, at++) {
        const p = probabilitiesByClass[at];
        gradients[i] = weights[i] * (p - targetsByClass[at]);
        hessians[i] = weights[i] * Math.max(p * (1 - p), 1e-16);
      }
      roundTrees.push(grow(gradients, hessians, growth, rowValues));
      for (let i = 0, at = c; i < count; i++, at += classes) scores[at] += rowValues[i];
    }
    trees.push(...roundTrees);
    // The next round's probabilities and this round's objective come from the same exponentials.
    const trainLoss = softmaxAndLoss(scores, probabilities, rows, classes) / totalWeight;
    if (onRound) onRound({ round, trainLoss, trees: roundTrees, initial });
  }
  return { trees, initial, scores };
}

/** `rowMajor` (count × classes) transposed into `out` (classes × count). */
function byClass(rowMajor: Float64Array, count: number, classes: number, out: Float64Array): Float64Array {
  for (let i = 0; i < count; i++) for (let c = 0; c < classes; c++) out[c * count + i] = rowMajor[i * classes + c];
  return out;
}

/** A single leaf adding nothing: class 0's tree of a two-class round. */
function zeroTree(): TreeArrays {
  return { feature: Int32Array.of(-1), threshold: Float32Array.of(0), left: Int32Array.of(-1), right: Int32Array.of(-1), value: Float32Array.of(0), outputs: 1 };
}

/**
 * Writes softmax(s_i) into `probabilities` and returns Σ_i w_i·(−Σ_c q_ic·log softmax(s_i)_c), the
 * log-normaliser coming from softmaxRow's own exponentials.
 */
function softmaxAndLoss(scores: Float64Array, probabilities: Float64Array, rows: TrainingRows, classes: number): number {
  probabilities.set(scores);
  let loss = 0;
  for (let i = 0; i < rows.count; i++) {
    const out = i * classes;
    const logNormaliser = softmaxRow(probabilities, out, classes);
    let rowLoss = 0;
    for (let c = 0; c < classes; c++) rowLoss += rows.targets[out + c] * (logNormaliser - scores[out + c]);
    loss += rows.weights[i] * rowLoss;
  }
  return loss;
}

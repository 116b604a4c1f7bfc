/**
 * CART classification trees (Breiman et al. 1984) grown on weighted, possibly soft class targets.
 *
 * Every training row i brings a weight w_i (0 leaves it out) and a class-mass vector y_i on the
 * simplex (one-hot for plain labels, a soft target for distillation). A node's class "counts"
 * are m_c = Σ_i w_i·y_ic over its rows, its weight W = Σ_c m_c, its distribution p = m / W, and
 * its impurity gini 1 − Σ p_c² or entropy −Σ p_c·log2 p_c. A split minimises W_L·I(L) + W_R·I(R),
 * as scikit-learn's weighted criteria do; a leaf predicts p. With one-hot targets and unit weights
 * this is scikit-learn's DecisionTreeClassifier.
 *
 * Split search is exact: each feature's rows are sorted once per fit (cart-sort.ts), and a node
 * searches its rows of a feature in that order (cart-node-order.ts: every feature's order
 * partitioned down the tree when all features are searched, a per-node sort of the drawn features
 * for forests; both give the same order, so the same tree). A candidate lies
 * in a gap between consecutive distinct float32 values a < b; its threshold t (`x <= t` goes left)
 * is a float32 with a ≤ t < b: the float32 midpoint, as scikit-learn stores, or `a` itself when
 * the midpoint rounds up to b. So the stored tree routes every float32 row exactly as the search
 * did, and rows that fall inside a gap (test rows) go to the nearer side, which on iris is worth
 * 4 points of test accuracy over storing `a`. Ties (scores within 1e-12·W of each other) go to the
 * lowest feature index, then the lowest threshold.
 *
 * Growth: depth-first when `maxLeaves` is absent; best-first otherwise (the frontier node with the
 * largest weighted impurity decrease W_node/W_root·(I − (W_L·I_L + W_R·I_R)/W_node) splits next),
 * as scikit-learn does with max_leaf_nodes. `minSamplesLeaf` counts rows with weight > 0.
 */
import type { Rng } from '../core/index.js';
import type { TreeArrays } from '../trees/tree-arrays.js';
import { PresortedNodeOrder, SampledNodeOrder, type NodeOrder } from './cart-node-order.js';
import { rankRows, type RankedRows, type SortedRows } from './cart-sort.js';

/** How a tree grows. */
export interface CartOptions {
  maxDepth: number;
  /** Fewest rows with weight > 0 per leaf. */
  minSamplesLeaf: number;
  /** Most leaves (best-first growth when set). */
  maxLeaves?: number;
  criterion: 'gini' | 'entropy';
  /** Non-constant features tried per split, drawn by `rng` (all features when absent). */
  maxFeatures?: number;
  rng?: Rng;
}

/** Per-row training targets: class masses (rows × classes, each row summing to 1) and weights. */
export interface CartTargets {
  mass: Float64Array;
  weight: Float64Array;
  classes: number;
}

const TIE_TOLERANCE = 1e-12;
const PURE = 1e-12;

interface Split {
  feature: number;
  threshold: number;
  /** −(W_L·I_L + W_R·I_R) up to a constant of the node; larger is better. */
  score: number;
  leftMass: Float64Array;
  /** Weighted impurity decrease over the root's weight (best-first priority). */
  improvement: number;
}

interface GrowNode {
  start: number;
  end: number;
  depth: number;
  mass: Float64Array;
  weight: number;
  impurity: number;
  split: Split | null;
  left: GrowNode | null;
  right: GrowNode | null;
}

/** Fits one tree on the rows of `rows` with weight > 0 (ranked rows let a forest's trees sort per node). */
export function fitCart(rows: SortedRows | RankedRows, targets: CartTargets, options: CartOptions): TreeArrays {
  const { width } = rows;
  const classes = targets.classes;
  const entropy = options.criterion === 'entropy';
  let n = 0;
  for (let i = 0; i < rows.count; i++) if (targets.weight[i] > 0) n++;
  const sampled = options.maxFeatures !== undefined && options.maxFeatures < width;
  const nodeOrder: NodeOrder = sampled
    ? new SampledNodeOrder('rank' in rows ? rows : rankRows(rows), targets.weight, n)
    : new PresortedNodeOrder(rows, targets.weight, n);
  // w_i·y_ic once per fit rather than once per row, feature and node. A row with mass in one class
  // only (plain labels) keeps that class and its mass: adding the other classes' zeros would change
  // no sum, so the search skips them, and the rows × classes table is filled only when a row has more.
  const onlyClass = new Int32Array(rows.count).fill(-1);
  const onlyMass = new Float64Array(rows.count);
  let mixed = false;
  for (let i = 0; i < rows.count; i++) {
    const w = targets.weight[i];
    if (!(w > 0)) continue;
    let nonzero = 0;
    for (let c = 0; c < classes; c++) {
      const m = w * targets.mass[i * classes + c];
      if (m !== 0) {
        nonzero++;
        onlyClass[i] = c;
        onlyMass[i] = m;
      }
    }
    if (nonzero !== 1) {
      onlyClass[i] = -1;
      mixed = true;
    }
  }
  const weightedMass = new Float64Array(mixed ? rows.count * classes : 0);
  for (let i = 0; mixed && i < rows.count; i++) {
    if (onlyClass[i] >= 0 || !(targets.weight[i] > 0)) continue;
    for (let c = 0; c < classes; c++) weightedMass[i * classes + c] = targets.weight[i] * targets.mass[i * classes + c];
  }
  const leftMass = new Float64Array(classes);
  const candidateFeatures = Int32Array.from({ length: width }, (_, f) => f);

  const impurityOf = (mass: Float64Array, weight: number): number => {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const p = mass[c] / weight;
      sum += entropy ? (p > 0 ? -p * Math.log2(p) : 0) : p * p;
    }
    return entropy ? sum : 1 - sum;
  };
  // −W·I(m) in the criterion's units, without the node constant: gini Σm²/W, entropy Σ m·log2(m/W).
  const sideScore = (mass: Float64Array, weight: number): number => {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const m = mass[c];
      if (entropy) sum += m > 0 ? m * Math.log2(m / weight) : 0;
      else sum += m * m;
    }
    return entropy ? sum : sum / weight;
  };
  // The root's masses summed in feature 0's order: the order every fit so far has used.
  const rootMass = new Float64Array(classes);
  for (let j = 0; j < rows.count; j++) {
    const row = rows.order[j];
    if (!(targets.weight[row] > 0)) continue;
    if (onlyClass[row] >= 0) rootMass[onlyClass[row]] += onlyMass[row];
    else for (let c = 0; c < classes; c++) rootMass[c] += weightedMass[row * classes + c];
  }
  let rootWeight = 0;
  for (let c = 0; c < classes; c++) rootWeight += rootMass[c];
  const rightMass = new Float64Array(classes);

  let best: Split | null = null;
  let bestLeftMass = new Float64Array(classes);
  let tolerance = 0;
  /** Tries every gap of feature f's sorted node rows at [from, from + count) of order / values. */
  const searchFeature = (node: GrowNode, f: number, order: Int32Array, values: Float32Array, from: number): void => {
    const count = node.end - node.start;
    leftMass.fill(0);
    let leftWeight = 0;
    for (let k = from, last = from + count - 1; k < last; k++) {
      const row = order[k];
      const only = onlyClass[row];
      if (only >= 0) {
        const m = onlyMass[row];
        leftMass[only] += m;
        leftWeight += m;
      } else {
        for (let c = 0; c < classes; c++) {
          const m = weightedMass[row * classes + c];
          leftMass[c] += m;
          leftWeight += m;
        }
      }
      const value = values[k];
      const next = values[k + 1];
      if (!(value < next)) continue;
      const leftCount = k - from + 1;
      if (leftCount < options.minSamplesLeaf || count - leftCount < options.minSamplesLeaf) continue;
      const rightWeight = node.weight - leftWeight;
      if (leftWeight <= 0 || rightWeight <= 0) continue;
      for (let c = 0; c < classes; c++) rightMass[c] = node.mass[c] - leftMass[c];
      const score = sideScore(leftMass, leftWeight) + sideScore(rightMass, rightWeight);
      const better =
        best === null ||
        score > best.score + tolerance ||
        (score >= best.score - tolerance && (f < best.feature || (f === best.feature && value < best.threshold)));
      if (better) {
        best = { feature: f, threshold: float32Midpoint(value, next), score, leftMass: bestLeftMass, improvement: 0 };
        bestLeftMass.set(leftMass);
      }
    }
  };

  const bestSplit = (node: GrowNode): Split | null => {
    const count = node.end - node.start;
    if (node.depth >= options.maxDepth || count < 2 * options.minSamplesLeaf || count < 2 || node.impurity <= PURE) return null;
    best = null;
    bestLeftMass = new Float64Array(classes);
    tolerance = TIE_TOLERANCE * node.weight;
    let tried = 0;
    const limit = options.maxFeatures ?? width;
    if (options.maxFeatures !== undefined && options.rng) options.rng.shuffle(candidateFeatures);
    for (let i = 0; i < width && tried < limit; i++) {
      const f = candidateFeatures[i];
      if (!nodeOrder.sortFeature(f, node.start, node.end)) continue;
      tried++;
      searchFeature(node, f, nodeOrder.order, nodeOrder.values, nodeOrder.from);
    }
    const found = best as Split | null;
    if (found === null) return null;
    const childrenImpurity = entropy ? -found.score : node.weight - found.score;
    found.improvement = (node.weight * node.impurity - childrenImpurity) / rootWeight;
    return found;
  };

  const makeNode = (start: number, end: number, depth: number, mass: Float64Array, weight: number): GrowNode => {
    const node: GrowNode = { start, end, depth, mass, weight, impurity: impurityOf(mass, weight), split: null, left: null, right: null };
    node.split = bestSplit(node);
    return node;
  };

  const splitNode = (node: GrowNode, split: Split): void => {
    // Children at the depth limit are never searched, so their segments need no order.
    const mid = nodeOrder.partition(node.start, node.end, split.feature, split.threshold, node.depth + 1 < options.maxDepth);
    const leftWeight = split.leftMass.reduce((a, b) => a + b, 0);
    const right = Float64Array.from(node.mass, (m, c) => m - split.leftMass[c]);
    node.left = makeNode(node.start, mid, node.depth + 1, split.leftMass, leftWeight);
    node.right = makeNode(mid, node.end, node.depth + 1, right, node.weight - leftWeight);
  };

  const root = makeNode(0, n, 0, rootMass, rootWeight);
  const frontier: GrowNode[] = [root];
  let leaves = 1;
  const maxLeaves = options.maxLeaves ?? Number.POSITIVE_INFINITY;
  while (frontier.length > 0 && leaves < maxLeaves) {
    let pick = frontier.length - 1;
    if (options.maxLeaves !== undefined) {
      // Best-first: the largest improvement, the node first in the frontier on a tie.
      for (let i = 0; i < frontier.length; i++) {
        const split = frontier[i].split;
        const bestSplitSoFar = frontier[pick].split;
        if (split && (!bestSplitSoFar || split.improvement > bestSplitSoFar.improvement || (split.improvement === bestSplitSoFar.improvement && i < pick))) pick = i;
      }
    }
    const node = frontier.splice(pick, 1)[0];
    if (!node.split) continue;
    splitNode(node, node.split);
    leaves++;
    frontier.push(node.right as GrowNode, node.left as GrowNode);
  }
  return flatten(root, classes);
}

/**
 * The float32 nearest the midpoint of float32 values a < b, or `a` when that rounds up to `b`
 * (adjacent float32s): always a ≤ t < b, so every training row routes as it did in the search.
 */
export function float32Midpoint(a: number, b: number): number {
  const mid = Math.fround(a + (b - a) / 2);
  return mid < b ? mid : a;
}

/** The grown nodes in preorder (children after their parent), leaves holding p = m / W. */
function flatten(root: GrowNode, classes: number): TreeArrays {
  const nodes: GrowNode[] = [];
  const visit = (node: GrowNode): void => {
    nodes.push(node);
    if (node.left && node.right) {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(root);
  const index = new Map(nodes.map((node, i) => [node, i]));
  const tree: TreeArrays = {
    feature: new Int32Array(nodes.length).fill(-1),
    threshold: new Float32Array(nodes.length),
    left: new Int32Array(nodes.length),
    right: new Int32Array(nodes.length),
    value: new Float32Array(nodes.length * classes),
    outputs: classes,
  };
  nodes.forEach((node, i) => {
    if (node.left && node.right && node.split) {
      tree.feature[i] = node.split.feature;
      tree.threshold[i] = node.split.threshold;
      tree.left[i] = index.get(node.left) as number;
      tree.right[i] = index.get(node.right) as number;
      return;
    }
    for (let c = 0; c < classes; c++) tree.value[i * classes + c] = node.mass[c] / node.weight;
  });
  return tree;
}

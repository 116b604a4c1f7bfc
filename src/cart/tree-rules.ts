/**
 * A decision tree as if-then rules in the data's own units: one rule per leaf, its conditions
 * from the root down, thresholds un-standardised, one-hot categories named.
 */
import type { ReadableFeatures } from '../models/index.js';
import type { TreeArrays } from '../trees/tree-arrays.js';

/** Six significant digits, without trailing zeros: thresholds as a person reads them. */
function number(x: number): string {
  return Number.parseFloat(x.toPrecision(6)).toString();
}

/** One condition of a rule: the feature on the `left` (<=) or right (>) side of the threshold. */
function condition(features: ReadableFeatures, feature: number, threshold: number, left: boolean): string {
  const name = features.names[feature];
  const raw = features.raw(feature, threshold);
  const category = /^(.*)=(.*)$/.exec(name);
  // A one-hot column holds 0 or 1 in raw units: <= a threshold in between means "not this value".
  if (category && raw > 0 && raw < 1) return `${category[1]} ${left ? 'is not' : 'is'} ${category[2]}`;
  return `${name} ${left ? '<=' : '>'} ${number(raw)}`;
}

/** `IF … THEN class (p %)`, one line per leaf, left to right. */
export function treeRules(tree: TreeArrays, features: ReadableFeatures): string[] {
  const rules: string[] = [];
  const walk = (node: number, conditions: string[]): void => {
    if (tree.feature[node] < 0) {
      const probabilities = tree.value.subarray(node * tree.outputs, (node + 1) * tree.outputs);
      let best = 0;
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
      const when = conditions.length > 0 ? conditions.join(' AND ') : 'always';
      rules.push(`IF ${when} THEN ${features.classNames[best]} (${(100 * probabilities[best]).toFixed(1)} %)`);
      return;
    }
    const f = tree.feature[node];
    walk(tree.left[node], [...conditions, condition(features, f, tree.threshold[node], true)]);
    walk(tree.right[node], [...conditions, condition(features, f, tree.threshold[node], false)]);
  };
  walk(0, []);
  return rules;
}

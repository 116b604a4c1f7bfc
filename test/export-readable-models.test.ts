import { test } from 'node:test';
import assert from 'node:assert/strict';
import { treeRuntime } from '../src/cart/tree-runtime.js';
import { treeRules } from '../src/cart/tree-rules.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { linearRuntime } from '../src/linear/index.js';
import { rawCoefficients } from '../src/linear/linear-readable.js';
import type { ReadableFeatures } from '../src/models/index.js';
import { unpackTrees } from '../src/trees/tree-arrays.js';

const settings = { maxEpochs: 1, batchSize: 32, learningRate: 0.01, patience: 1 };

async function irisSetup() {
  const data = prepareData(await loadDataset('iris'), { seed: 3 });
  const scale = data.standardisation!;
  const features: ReadableFeatures = { names: data.featureNames, classNames: data.classNames, raw: (i, v) => v * scale.std[i] + scale.mean[i] };
  const width = data.featureNames.length;
  const rawRow = (r: number) => Array.from({ length: width }, (_, i) => features.raw(i, data.test.features[r * width + i]));
  return { data, features, width, rawRow };
}

const argmax = (xs: ArrayLike<number>) => Array.from(xs).reduce((best, x, i, all) => (x > all[best] ? i : best), 0);

test('tree rules, applied to raw rows in the data\'s units, give the tree\'s own prediction for every test row', async () => {
  const { data, features, width, rawRow } = await irisSetup();
  const result = await treeRuntime.train(data, { family: 'tree', maxDepth: 3 }, settings, {}, 0);
  const rules = treeRules(unpackTrees(result.weights)[0], features);
  const parsed = rules.map((rule) => {
    const [, when, then] = /^IF (.*) THEN (\S+) \(/.exec(rule)!;
    const conditions = when.split(' AND ').map((c) => {
      const [, name, op, value] = /^(.*) (<=|>) (\S+)$/.exec(c)!;
      return { feature: data.featureNames.indexOf(name), op, value: Number(value) };
    });
    return { conditions, label: then };
  });
  const probabilities = treeRuntime.fromWeights({ family: 'tree', maxDepth: 3 }, data.exampleShape, data.numClasses, result.weights).predictProbabilities(data.test.features, data.test.count);
  for (let r = 0; r < data.test.count; r++) {
    const x = rawRow(r);
    const holding = parsed.filter((rule) => rule.conditions.every((c) => (c.op === '<=' ? x[c.feature] <= c.value : x[c.feature] > c.value)));
    assert.equal(holding.length, 1, `exactly one rule holds for test row ${r}`);
    assert.equal(holding[0].label, data.classNames[argmax(probabilities.subarray(r * data.numClasses, (r + 1) * data.numClasses))]);
  }
  assert.ok(width === 4 && rules.length >= 3);
});

test('a one-hot category in a rule reads "column is value" / "is not value"', () => {
  const tree = {
    feature: Int32Array.from([0, -1, -1]),
    threshold: Float32Array.from([0.2, 0, 0]),
    left: Int32Array.from([1, 0, 0]),
    right: Int32Array.from([2, 0, 0]),
    value: Float32Array.from([0, 0, 0.9, 0.1, 0.2, 0.8]),
    outputs: 2,
  };
  // Standardised one-hot: raw = v · 0.5 + 0.5, so the threshold 0.2 is 0.6 in raw units.
  const rules = treeRules(tree, { names: ['colour=red'], classNames: ['no', 'yes'], raw: (_, v) => v * 0.5 + 0.5 });
  assert.deepEqual(rules, ['IF colour is not red THEN no (90.0 %)', 'IF colour is red THEN yes (80.0 %)']);
});

test('linear coefficients in the data\'s units reproduce the model\'s scores on raw rows', async () => {
  const { data, features, rawRow } = await irisSetup();
  const arch = { family: 'linear' as const };
  const result = await linearRuntime.train(data, arch, settings, {}, 0);
  const { rows, intercept } = rawCoefficients(result.weights, features);
  const probabilities = linearRuntime.fromWeights(arch, data.exampleShape, data.numClasses, result.weights).predictProbabilities(data.test.features, data.test.count);
  for (let r = 0; r < data.test.count; r++) {
    const x = rawRow(r);
    const scores = intercept.map((b, c) => b + rows.reduce((sum, row, i) => sum + row.coefficients[c] * x[i], 0));
    const p = probabilities.subarray(r * data.numClasses, (r + 1) * data.numClasses);
    // Softmax of the raw scores is the model's probabilities.
    const exp = scores.map((s) => Math.exp(s - Math.max(...scores)));
    const total = exp.reduce((a, b) => a + b, 0);
    exp.forEach((e, c) => assert.ok(Math.abs(e / total - p[c]) < 1e-4, `row ${r} class ${c}: ${e / total} vs ${p[c]}`));
  }
});

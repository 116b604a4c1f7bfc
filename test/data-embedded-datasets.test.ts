import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../src/core/index.js';
import { datasetNames, loadDataset } from '../src/data/index.js';

const EXPECTED = [
  // name, rows, features, classes, first class names, per-class counts
  { name: 'digits', rows: 1797, features: 64, classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], counts: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180] },
  { name: 'breast-cancer', rows: 569, features: 30, classes: ['benign', 'malignant'], counts: [357, 212] },
  { name: 'wine', rows: 178, features: 13, classes: ['class_0', 'class_1', 'class_2'], counts: [59, 71, 48] },
  { name: 'iris', rows: 150, features: 4, classes: ['setosa', 'versicolor', 'virginica'], counts: [50, 50, 50] },
];

test('every embedded dataset loads with the expected rows, features and classes', async () => {
  for (const expected of EXPECTED) {
    const dataset = await loadDataset(expected.name);
    assert.equal(dataset.name, expected.name);
    assert.equal(dataset.labels.length, expected.rows, expected.name);
    assert.deepEqual(dataset.exampleShape, [expected.features]);
    assert.equal(dataset.features.length, expected.rows * expected.features);
    assert.equal(dataset.featureNames.length, expected.features);
    assert.deepEqual(dataset.classNames, expected.classes);
    const counts = new Array<number>(expected.classes.length).fill(0);
    for (const label of dataset.labels) counts[label]++;
    assert.deepEqual(counts, expected.counts, expected.name);
    assert.ok(dataset.features.every(Number.isFinite));
    assert.equal(dataset.encoding?.labelColumn, 'label');
  }
});

test('known values: first iris row and the wdbc alias', async () => {
  const iris = await loadDataset('iris');
  assert.deepEqual(Array.from(iris.features.subarray(0, 4)), [5.1, 3.5, 1.4, 0.2].map(Math.fround));
  assert.deepEqual(iris.featureNames, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
  const wdbc = await loadDataset('wdbc');
  const breastCancer = await loadDataset('breast-cancer');
  assert.equal(wdbc.hash, breastCancer.hash);
  assert.equal(wdbc.name, 'breast-cancer');
});

test('datasetNames lists canonical names; an unknown name lists them', async () => {
  assert.deepEqual(datasetNames(), ['breast-cancer', 'digits', 'fashion-mnist', 'iris', 'wine']);
  await assert.rejects(loadDataset('mnist-typo'), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.match(error.message, /^unknown dataset 'mnist-typo': not a known name and no such file; known names: breast-cancer, digits, fashion-mnist, iris, wdbc \(= breast-cancer\), wine/);
    return true;
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hashDataset, loadDataset, prepareData, type LoadedDataset } from '../src/data/index.js';

/**
 * Six rows, features (x, y, k). Rows 0-3 are the pool, rows 4-5 an official test set. Within a
 * class the pool rows are equal, so whichever row the seed puts in train, train = one row of each
 * class: x ∈ {1, 3} → mean 2, std 1; y ∈ {10, 30} → mean 20, std 10; k constant 7 → std 0 → 1.
 * Had validation or test rows been used, the statistics would differ (test x values 5 and -1).
 */
function sixRows(): LoadedDataset {
  const features = Float32Array.from([
    1, 10, 7,
    1, 10, 7,
    3, 30, 7,
    3, 30, 7,
    5, 0, 9,
    -1, 20, 7,
  ]);
  const labels = Int32Array.from([0, 0, 1, 1, 0, 1]);
  return {
    name: 'six', features, labels, exampleShape: [3], classNames: ['a', 'b'], featureNames: ['x', 'y', 'k'],
    hash: hashDataset([3], features, labels), officialTestStart: 4,
  };
}

test('standardisation is fitted on the training split only and applied to every part', () => {
  for (const seed of [0, 1, 2]) {
    const data = prepareData(sixRows(), { seed, trainFraction: 0.5, validationFraction: 0.5 });
    assert.deepEqual(Array.from(data.standardisation!.mean), [2, 20, 7]);
    assert.deepEqual(Array.from(data.standardisation!.std), [1, 10, 1]);
    assert.equal(data.train.count, 2);
    assert.equal(data.validation.count, 2);
    // Official test rows keep their order: (5-2)/1, (0-20)/10, (9-7)/1 and (-1-2)/1, 0, 0.
    assert.deepEqual(Array.from(data.test.features), [3, -2, 2, -3, 0, 0]);
    assert.deepEqual(Array.from(data.test.labels), [0, 1]);
    const byLabel = (features: Float32Array, labels: Int32Array) =>
      Array.from(labels, (l, i) => [l, ...features.subarray(i * 3, i * 3 + 3)]).sort((p, q) => p[0] - q[0]);
    assert.deepEqual(byLabel(data.validation.features, data.validation.labels), [[0, -1, -1, 0], [1, 1, 1, 0]]);
  }
});

test("standardise: 'none' leaves features as loaded", () => {
  const data = prepareData(sixRows(), { trainFraction: 0.5, validationFraction: 0.5, standardise: 'none' });
  assert.equal(data.standardisation, null);
  assert.deepEqual(Array.from(data.test.features), [5, 0, 9, -1, 20, 7]);
});

test('on a real dataset, train features are centred and unit-variance, validation only roughly', async () => {
  const data = prepareData(await loadDataset('wine'), { seed: 4 });
  const width = 13;
  for (let f = 0; f < width; f++) {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < data.train.count; i++) sum += data.train.features[i * width + f];
    const mean = sum / data.train.count;
    for (let i = 0; i < data.train.count; i++) squares += (data.train.features[i * width + f] - mean) ** 2;
    assert.ok(Math.abs(mean) < 1e-5, `feature ${f} mean ${mean}`);
    assert.ok(Math.abs(Math.sqrt(squares / data.train.count) - 1) < 1e-4);
  }
  let validationSum = 0;
  for (let i = 0; i < data.validation.count; i++) validationSum += data.validation.features[i * width];
  assert.ok(Math.abs(validationSum / data.validation.count) > 1e-4, 'validation statistics must not be used');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type SplitPart } from '../src/core/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';

const digits = await loadDataset('digits');
const numClasses = digits.classNames.length;

function classCounts(labels: Int32Array): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}

/** Rows as strings, to compare parts as multisets of examples. */
function rowKeys(part: SplitPart, width: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < part.count; i++) keys.push(part.features.subarray(i * width, (i + 1) * width).join(','));
  return keys;
}

test('stratified split keeps class proportions within one example per class (digits)', () => {
  const data = prepareData(digits, { seed: 3, trainFraction: 0.6, validationFraction: 0.2, standardise: 'none' });
  const total = classCounts(digits.labels);
  const parts: Array<[SplitPart, number]> = [[data.train, 0.6], [data.validation, 0.2], [data.test, 0.2]];
  for (const [part, fraction] of parts) {
    classCounts(part.labels).forEach((count, c) => {
      assert.ok(Math.abs(count - total[c] * fraction) <= 1, `class ${c}: ${count} vs ${total[c] * fraction}`);
    });
  }
  assert.equal(data.train.count + data.validation.count + data.test.count, digits.labels.length);
  // Parts are disjoint and together are the whole dataset (as a multiset of rows).
  const all = [...rowKeys(data.train, 64), ...rowKeys(data.validation, 64), ...rowKeys(data.test, 64)].sort();
  const original = rowKeys({ features: digits.features, labels: digits.labels, count: digits.labels.length }, 64).sort();
  assert.deepEqual(all, original);
});

test('same seed gives the same split; a different seed a different one', () => {
  const a = prepareData(digits, { seed: 7 });
  const b = prepareData(digits, { seed: 7 });
  const c = prepareData(digits, { seed: 8 });
  assert.deepEqual(a.train.features, b.train.features);
  assert.deepEqual(a.test.labels, b.test.labels);
  assert.notDeepEqual(Array.from(a.train.labels), Array.from(c.train.labels));
  assert.equal(a.split.seed, 7);
  assert.equal(a.split.trainFraction, 0.6);
});

test('maxTrain caps the training split exactly, stratified; rootShare carves a disjoint stratified share', () => {
  const capped = prepareData(digits, { seed: 1, maxTrain: 500, standardise: 'none' });
  assert.equal(capped.train.count, 500);
  const total = classCounts(digits.labels);
  classCounts(capped.train.labels).forEach((count, c) => {
    assert.ok(Math.abs(count - (500 * total[c]) / digits.labels.length) < 1.0001);
  });

  const plain = prepareData(digits, { seed: 1, standardise: 'none' });
  const rooted = prepareData(digits, { seed: 1, rootShare: 0.25, standardise: 'none' });
  assert.equal(rooted.rootTrain!.count, Math.round(plain.train.count * 0.25));
  assert.equal(rooted.train.count + rooted.rootTrain!.count, plain.train.count);
  // Disjoint, and together the same training rows as without a root share.
  const together = [...rowKeys(rooted.train, 64), ...rowKeys(rooted.rootTrain!, 64)].sort();
  assert.deepEqual(together, rowKeys(plain.train, 64).sort());
  assert.deepEqual(rooted.validation.labels, plain.validation.labels);
  assert.deepEqual(plain.rootTrain!.count, 0);
});

test('invalid split settings are ConfigErrors naming the field', () => {
  assert.throws(() => prepareData(digits, { trainFraction: 0.9, validationFraction: 0.1 }), ConfigError);
  assert.throws(() => prepareData(digits, { rootShare: 1 }), /split\.rootShare must be in \[0, 1\)/);
  assert.throws(() => prepareData(digits, { maxTrain: 0 }), /split\.maxTrain must be a positive integer/);
});

test('maxTrain keeps a rare class in the training subsample (it stays in validation and test)', () => {
  // 2,000 rows of class a and 5 of class b: 60 % train is 1,200 + 3 rows; a 100-row cap would
  // round b's share (0.25 rows) down to none, leaving b in validation and test only.
  const rows = 2005;
  const labels = Int32Array.from({ length: rows }, (_, i) => (i < 5 ? 1 : 0));
  const features = Float32Array.from({ length: rows }, (_, i) => i);
  const dataset = { name: 'rare', features, labels, exampleShape: [1], classNames: ['a', 'b'], featureNames: ['x'], hash: 'rare' };
  const data = prepareData(dataset, { seed: 3, maxTrain: 100, standardise: 'none' });
  assert.equal(data.train.count, 100);
  assert.equal(Array.from(data.train.labels).filter((l) => l === 1).length, 1);
});

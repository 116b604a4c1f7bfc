// The forest family against scikit-learn's RandomForestClassifier (same trees, depth and 'sqrt'
// features per split) on iris and wine: bootstraps and feature draws differ, so both sides are
// averaged over 5 seeds and must agree within 3 points (fixture: test/fixtures/tree/make-sklearn-reference.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { families } from '../src/models/index.js';
import { referenceData, type ReferenceDataset } from './fixtures/tree/tree-data.js';

interface Reference {
  datasets: ReferenceDataset[];
}

const reference = JSON.parse(readFileSync(new URL('../../test/fixtures/tree/sklearn-reference.json', import.meta.url), 'utf8')) as Reference;

test('forest: iris and wine test accuracy within 3 points of scikit-learn\'s random forest (5-seed means)', async () => {
  const runtime = await families.get('forest').runtime();
  for (const set of reference.datasets) {
    const data = referenceData(set);
    for (const { setting, testAccuracy } of set.forests) {
      let sum = 0;
      for (let seed = 0; seed < 5; seed++) {
        sum += (await runtime.train(data, { family: 'forest', ...setting }, { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 }, {}, seed)).test.accuracy;
      }
      const ours = sum / 5;
      console.log(`${set.name} ${JSON.stringify(setting)}: multihop ${ours.toFixed(4)} sklearn ${testAccuracy.toFixed(4)}`);
      assert.ok(Math.abs(ours - testAccuracy) <= 0.03, `${set.name} ${JSON.stringify(setting)}: ${ours} vs ${testAccuracy}`);
    }
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { sklearnAvailability, sklearnBaseline } from '../benchmarks/accuracy/sklearn-baseline.js';
import { tempDir } from './fixtures/run/cli.js';

const SPACE = join(import.meta.dirname, '..', '..', 'search-spaces', 'bench-tabular.json');
const available = sklearnAvailability();

test(
  'the scikit-learn reference column fits a model of the target\'s size on the benchmark\'s own split',
  { skip: !available.ok && `${available.reason} (Debian: apt-get install python3-sklearn)` },
  async () => {
    const result = await sklearnBaseline({ dataset: 'wine', space: SPACE, seed: 0, rootShare: 0 }, tempDir('sklearn'));
    assert.ok(!('skipped' in result), JSON.stringify(result));
    if ('skipped' in result) return;
    assert.match(result.model, /MLPClassifier|LogisticRegression/);
    // A 2-hidden-unit MLP on standardised wine (3 classes): far above chance on both splits.
    assert.ok(result.validation > 0.6 && result.validation <= 1, `validation ${result.validation}`);
    assert.ok(result.test > 0.6 && result.test <= 1, `test ${result.test}`);
  },
);

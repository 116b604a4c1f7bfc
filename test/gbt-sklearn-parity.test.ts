// gbt matches scikit-learn's HistGradientBoostingClassifier (same rounds, depth, learning rate,
// bins, min samples per leaf and L2; no early stopping, no leaf limit) within 1.5 points of test
// accuracy on iris, wine, breast-cancer and digits; the fixture comes from
// test/fixtures/gbt/make-gbt-parity.py.
import { gbtRuntime } from '../src/boosting/index.js';
import type { GbtArch } from '../src/core/index.js';
import { parityTests, readFixture, type ParityFixture } from './fixtures/linear/parity-split.js';

const settings = { maxEpochs: 1, batchSize: 32, learningRate: 0.01, patience: 1 };

parityTests('gbt', readFixture<ParityFixture<GbtArch>>('gbt', 'gbt-parity.json'), 0.015, (data, arch) => gbtRuntime.train(data, arch, settings, {}, 0));

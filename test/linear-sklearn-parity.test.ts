// linear matches scikit-learn's LogisticRegression (the same L2: C = 1/(l2·n), n training rows)
// within 1 point of test accuracy on iris, wine, breast-cancer and digits; the fixture comes from
// test/fixtures/linear/make-linear-parity.py.
import { linearRuntime } from '../src/linear/index.js';
import type { LinearArch } from '../src/core/index.js';
import { parityTests, readFixture, type ParityFixture } from './fixtures/linear/parity-split.js';

const fixture = readFixture<{ l2: number } & Omit<ParityFixture<LinearArch>, 'arch'>>('linear', 'linear-parity.json');
const settings = { maxEpochs: 1, batchSize: 32, learningRate: 0.01, patience: 1 };

parityTests('linear', { ...fixture, arch: { family: 'linear' as const, l2: fixture.l2 } }, 0.01, (data, arch) => linearRuntime.train(data, arch, settings, {}, 0));

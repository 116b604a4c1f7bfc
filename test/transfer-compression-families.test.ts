// Every model family trains on the real rows plus compression's teacher-labelled extra rows: a
// student taught by a teacher that answers class 1 on every synthetic row predicts class 1 far more
// often than the same student trained from scratch, while its train metrics stay on the real rows.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, DataError, type Arch, type PreparedData, type TrainInputs } from '../src/core/index.js';
import { familyOf } from '../src/models/index.js';
import { transferMethods } from '../src/transfer/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

// 16 features so the cnn can read a flat row as a 4×4 image.
const data = blobData({ dim: 16, numClasses: 3, counts: [90, 60, 60] });
const settings = { maxEpochs: 30, batchSize: 32, learningRate: 0.01, patience: 30 };

const ARCHS: Arch[] = [
  { family: 'mlp', hidden: [8] },
  { family: 'cnn', convs: [{ filters: 2, kernel: 2, pool: 2 }], dense: [4] },
  { family: 'tree', maxDepth: 2 },
  { family: 'forest', trees: 5, maxDepth: 3 },
  { family: 'linear', l2: 0.01 },
  { family: 'gbt', rounds: 10, maxDepth: 2, minSamplesLeaf: 5 },
];

/** Inputs from the compression method with a teacher that answers class 1 on every row it is asked about. */
function classOneInputs(d: PreparedData, labels: 'soft' | 'hard'): TrainInputs {
  const alwaysOne = {
    predictProbabilities(_features: Float32Array, count: number) {
      const out = new Float32Array(count * d.numClasses);
      for (let i = 0; i < count; i++) out.set(labels === 'soft' ? [0.05, 0.9, 0.05] : [0, 1, 0], i * d.numClasses);
      return out;
    },
  };
  const width = d.exampleShape.reduce((a, b) => a * b, 1);
  return transferMethods.get('compression').prepare(
    {
      trainLabels: d.train.labels,
      numClasses: d.numClasses,
      trainRows: { features: d.train.features, width, featureNames: d.featureNames },
      seed: 3,
      teacherModel: alwaysOne,
    },
    { size: 5, labels },
  ).inputs;
}

function classOneShare(probabilities: Float32Array, classes: number): number {
  let ones = 0;
  const count = probabilities.length / classes;
  for (let i = 0; i < count; i++) {
    const row = probabilities.subarray(i * classes, (i + 1) * classes);
    if (row.indexOf(Math.max(...row)) === 1) ones++;
  }
  return ones / count;
}

before(useWasmBackend);

for (const arch of ARCHS) {
  test(`${arch.family}: trained with class-1 synthetic rows, it answers class 1 far more often than from scratch`, async () => {
    const runtime = await familyOf(arch).runtime();
    const scratch = await runtime.train(data, arch, settings, {}, 1);
    const taught = await runtime.train(data, arch, settings, classOneInputs(data, arch.family === 'tree' ? 'hard' : 'soft'), 1);
    const before = classOneShare(scratch.probabilities.validation, 3);
    const after = classOneShare(taught.probabilities.validation, 3);
    assert.ok(after >= before + 0.3, `${arch.family}: class-1 share ${before.toFixed(2)} → ${after.toFixed(2)}`);
    // Metrics and probabilities of the trained split cover the real rows only.
    assert.equal(taught.probabilities.train.length, data.train.count * 3);
  });
}

test('extra rows are refused beside KD soft targets, on the root\'s rows, and with targets that are not distributions', async () => {
  const extra = classOneInputs(data, 'hard').extraRows!;
  const softTargets = { teacherLogits: new Float32Array(data.train.count * 3), temperature: 2, alpha: 0.5 };
  const broken = { ...extra, targets: extra.targets.map((q) => q * 2) };
  const withRoot: PreparedData = { ...data, rootTrain: data.train };
  for (const arch of [ARCHS[0], ARCHS[2], ARCHS[4]]) {
    const runtime = await familyOf(arch).runtime();
    await assert.rejects(runtime.train(data, arch, settings, { extraRows: extra, softTargets }, 1), ConfigError, `${arch.family}: with soft targets`);
    await assert.rejects(runtime.train(withRoot, arch, settings, { extraRows: extra }, 1, { trainOn: 'rootTrain' }), ConfigError, `${arch.family}: rootTrain`);
    await assert.rejects(runtime.train(data, arch, settings, { extraRows: broken }, 1), /extra row 0: targets sum to 2, not 1/, `${arch.family}: sums`);
    await assert.rejects(runtime.train(data, arch, settings, { extraRows: { ...extra, count: extra.count + 1 } }, 1), DataError, `${arch.family}: count`);
  }
});

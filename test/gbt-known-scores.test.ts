// gbt's train result reuses the boosting loop's scores on the training rows and on validation
// instead of routing those rows through every tree again: its probabilities must be exactly what
// the stored ensemble predicts, with plain labels (scores reused) and with zero weights or soft
// targets (rows dropped, or reused scores only where they are the split's rows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, type GbtArch, type PreparedData, type TrainInputs } from '../src/core/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { ensembleProbabilities, unpackEnsemble } from '../src/boosting/gbt-model.js';
import { families } from '../src/models/index.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };

async function checkProbabilities(data: PreparedData, arch: GbtArch, inputs: TrainInputs): Promise<void> {
  const runtime = await families.get('gbt').runtime();
  const result = await runtime.train(data, arch, settings, inputs, 0);
  const ensemble = unpackEnsemble(result.weights, data.numClasses);
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  for (const key of ['train', 'validation', 'test'] as const) {
    const expected = ensembleProbabilities(ensemble, data[key].features, data[key].count, width);
    assert.deepEqual(result.probabilities?.[key], expected, key);
  }
}

test('gbt train result: probabilities on train, validation and test equal the stored ensemble\'s', async () => {
  const blobs = blobData({ seed: 3, dim: 5, numClasses: 3, counts: [200, 50, 50], separation: 1.5 });
  const rng = createRng(9);
  const sampleWeights = Float32Array.from({ length: blobs.train.count }, (_, i) => (i % 7 === 0 ? 0 : Math.fround(0.5 + rng.next())));
  const teacherLogits = Float32Array.from({ length: blobs.train.count * 3 }, () => Math.fround(rng.next() * 3));
  await checkProbabilities(blobs, { family: 'gbt', rounds: 15, maxDepth: 3, l2: 1 }, {});
  await checkProbabilities(blobs, { family: 'gbt', rounds: 10, maxDepth: 2, l2: 0 }, { sampleWeights });
  await checkProbabilities(blobs, { family: 'gbt', rounds: 10, maxDepth: 3, l2: 1 }, { softTargets: { teacherLogits, temperature: 2, alpha: 0.5 } });
  await checkProbabilities(prepareData(await loadDataset('breast-cancer')), { family: 'gbt', rounds: 12, maxDepth: 3, l2: 1 }, {});
});

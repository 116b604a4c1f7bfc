import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

// As on a machine where the addon could not be built: the switch makes the loader find nothing.
process.env.MULTIHOP_NATIVE_KERNELS = '0';
const { fusedStepUnavailable, trainNode } = await import('../src/training/index.js');
const { blobData } = await import('./fixtures/training/synthetic-data.js');

test('without the native addon an mlp trains through TF.js and still learns', async () => {
  await tf.setBackend('cpu');
  const arch = { family: 'mlp' as const, hidden: [6] };
  assert.match(fusedStepUnavailable(arch) ?? '', /MULTIHOP_NATIVE_KERNELS=0/);
  const data = blobData({ counts: [120, 60, 60] });
  const result = await trainNode(data, arch, { maxEpochs: 10, batchSize: 16, learningRate: 0.05, patience: 10 }, {}, 2);
  assert.ok(result.validation.accuracy > 0.8, `validation accuracy ${result.validation.accuracy}`);
});

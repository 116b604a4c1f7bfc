import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, computeTeacherSignal, representationLayers, trainNode } from '../src/training/index.js';
import { studentScratchSignal } from '../src/transfer/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

test('one probe per representation layer plus the output, which is the teacher’s own softmax', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [150, 60, 60] });
  const arch = { family: 'mlp' as const, hidden: [12, 6] };
  const teacher = await trainNode(data, arch, { maxEpochs: 15, batchSize: 16, learningRate: 0.02, patience: 3 }, {}, 1);
  const before = tf.memory().numTensors;
  const signal = await computeTeacherSignal(data, arch, teacher.weights, { probeEpochs: 5, seed: 1 });
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');

  const model = buildModel(arch, data.exampleShape, 3, 0);
  const layers = representationLayers(model);
  model.dispose();
  assert.deepEqual(layers, ['hidden_0', 'hidden_1']);
  assert.deepEqual(signal.probes.map((p) => p.layer), [...layers, 'output']);
  assert.equal(signal.trainLogits.length, data.train.count * 3);

  // Output probe: softmax(trainLogits)[y], which is also the trained model's own train probability.
  const output = signal.probes[2];
  for (let i = 0; i < data.train.count; i++) {
    const z = signal.trainLogits.subarray(i * 3, i * 3 + 3);
    const max = Math.max(...z);
    const denominator = z.reduce((sum, v) => sum + Math.exp(v - max), 0);
    const expected = Math.exp(z[data.train.labels[i]] - max) / denominator;
    assert.ok(Math.abs(output.trainTrueConfidence[i] - expected) < 1e-5, `example ${i}`);
  }
  const scratch = studentScratchSignal(teacher, data.train.labels);
  scratch.trainTrueConfidence.forEach((p, i) => assert.ok(Math.abs(p - output.trainTrueConfidence[i]) < 1e-5));
  assert.equal(output.validationAccuracy, teacher.validation.accuracy);

  // Blobs are linearly separable enough: every probe beats chance (1/3) clearly.
  for (const probe of signal.probes) {
    assert.ok(probe.validationAccuracy > 0.7, `${probe.layer}: ${probe.validationAccuracy}`);
    assert.ok(probe.trainTrueConfidence.every((p) => p >= 0 && p <= 1));
  }
  const again = await computeTeacherSignal(data, arch, teacher.weights, { probeEpochs: 5, seed: 1 });
  assert.deepEqual(again, signal, 'seeded');
});

test('a teacher without hidden layers has the output probe only', async () => {
  await useWasmBackend();
  const data = blobData({ counts: [60, 30, 30] });
  const arch = { family: 'mlp' as const, hidden: [] };
  const teacher = await trainNode(data, arch, { maxEpochs: 3, batchSize: 16, learningRate: 0.05, patience: 3 }, {}, 2);
  const signal = await computeTeacherSignal(data, arch, teacher.weights);
  assert.deepEqual(signal.probes.map((p) => p.layer), ['output']);
});

test('a CNN teacher gets probes on its pooled and conv feature maps', async () => {
  await useWasmBackend();
  // 16 features as a 4×4 single-channel image.
  const data = blobData({ counts: [60, 30, 30], dim: 16 });
  const arch = { family: 'cnn' as const, convs: [{ filters: 3, kernel: 2, pool: 2 }, { filters: 2, kernel: 1 }], dense: [4] };
  const teacher = await trainNode(data, arch, { maxEpochs: 2, batchSize: 16, learningRate: 0.02, patience: 2 }, {}, 3);
  const before = tf.memory().numTensors;
  const signal = await computeTeacherSignal(data, arch, teacher.weights, { probeEpochs: 2 });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(signal.probes.map((p) => p.layer), ['pool_0', 'conv_1', 'dense_0', 'output']);
  for (const probe of signal.probes) assert.equal(probe.trainTrueConfidence.length, 60);
});

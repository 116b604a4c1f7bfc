import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MlpArch } from '../src/core/index.js';
import { computeTeacherSignal, trainNode } from '../src/training/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

test('with the fused step off (or no addon, or tfjs-node) a network teacher\'s probes train in TF.js, on the product\'s own TF.js', async () => {
  // This file never imports the full @tensorflow/tfjs, which registers chained ops such as
  // tensor.toFloat(): src/backend/tfjs.ts loads core and layers only, as a worker does.
  await useWasmBackend();
  const data = blobData({ counts: [90, 30, 30] });
  const arch: MlpArch = { family: 'mlp', hidden: [6] };
  const teacher = await trainNode(data, arch, { maxEpochs: 2, batchSize: 16, learningRate: 0.02, patience: 2 }, {}, 1);
  const saved = process.env.MULTIHOP_FUSED_STEP;
  process.env.MULTIHOP_FUSED_STEP = '0';
  try {
    const signal = await computeTeacherSignal(data, arch, teacher.weights, { probeEpochs: 2, seed: 1 });
    assert.deepEqual(signal.probes.map((p) => p.layer), ['hidden_0', 'output']);
    for (const probe of signal.probes) assert.ok(probe.validationAccuracy > 0.5, `${probe.layer}: ${probe.validationAccuracy}`);
  } finally {
    if (saved === undefined) delete process.env.MULTIHOP_FUSED_STEP;
    else process.env.MULTIHOP_FUSED_STEP = saved;
  }
});

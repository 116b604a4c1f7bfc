import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createRng, type Activation, type MlpArch, type PreparedData, type TrainInputs, type TrainResult, type TrainSettings } from '../src/core/index.js';
import { FUSED_STEP_ENV, fusedStepUnavailable, modelFromWeights, trainNode } from '../src/training/index.js';
import { evaluateSplit } from '../src/training/predict.js';
import { blobData } from './fixtures/training/synthetic-data.js';
import { assertClose } from './kernels-parity-helpers.js';

// The reference is TF.js's own step on its cpu backend (plain JS loops, an implementation
// independent of the addon); the fused step runs on the same backend from the same seeded weights
// and the same seeded batch order.
await tf.setBackend('cpu');
const skip = fusedStepUnavailable({ family: 'mlp', hidden: [] }) ?? false;

const CLASSES = 3;
const data = blobData({ counts: [96, 40, 40], numClasses: CLASSES, dim: 5 });

async function train(fused: boolean, arch: MlpArch, settings: TrainSettings, inputs: TrainInputs = {}, on: PreparedData = data): Promise<TrainResult> {
  await tf.setBackend('cpu');
  const previous = process.env[FUSED_STEP_ENV];
  process.env[FUSED_STEP_ENV] = fused ? '1' : '0';
  try {
    return await trainNode(on, arch, settings, inputs, 7);
  } finally {
    if (previous === undefined) delete process.env[FUSED_STEP_ENV];
    else process.env[FUSED_STEP_ENV] = previous;
  }
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i])), 0);
}

/**
 * Trains `epochs` epochs both ways and compares every weight. Tolerance: 1e-3·lr·steps, i.e.
 * 0.1 % of the farthest Adam can move a weight in that many steps (each step moves it by at most
 * about lr). Both sides compute in float32 but sum in different orders (packed GEMM vs TF.js's
 * loops) and use different exp/log, so gradients agree to about 1e-6 relative and the weights
 * drift apart by ~1e-6 here; a wrong sign or a missing term moves weights by O(lr) per step.
 */
async function assertParity(arch: MlpArch, inputs: TrainInputs = {}, extra: Partial<TrainSettings> = {}, epochs = 2): Promise<void> {
  const settings: TrainSettings = { maxEpochs: epochs, batchSize: 8, learningRate: 0.01, patience: epochs, ...extra };
  const reference = await train(false, arch, settings, inputs);
  const fused = await train(true, arch, settings, inputs);
  assert.equal(fused.epochs, reference.epochs);
  const steps = fused.epochs * Math.ceil((96 + (inputs.extraRows?.count ?? 0)) / 8);
  const tolerance = 1e-3 * settings.learningRate * steps;
  assert.deepEqual(fused.weights.shapes, reference.weights.shapes);
  assertClose(fused.weights.values, reference.weights.values, tolerance, `weights after ${steps} fused steps`);
  // Not bit for bit: the fused step really ran (a TF.js run on both sides would be identical).
  assert.notDeepEqual(fused.weights.values, reference.weights.values, 'the fused run gave TF.js bit for bit: was the fused step used?');
  fused.history.forEach((record, i) => {
    const expected = reference.history[i];
    assert.ok(Math.abs(record.loss - expected.loss) <= 1e-4 * Math.max(1, expected.loss), `epoch ${record.epoch} loss ${record.loss} vs ${expected.loss}`);
    assert.ok(Math.abs(record.valLoss - expected.valLoss) <= 1e-4, `epoch ${record.epoch} valLoss ${record.valLoss} vs ${expected.valLoss}`);
  });
  // The weights moved well beyond the tolerance, so the comparison has something to compare.
  const initial = await train(false, arch, { ...settings, maxEpochs: 1, learningRate: 1e-30 }, inputs);
  assert.ok(maxDiff(reference.weights.values, initial.weights.values) > 100 * tolerance, 'the weights barely moved');
}

function uniform(count: number, seed: number, low: number, high: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count }, () => low + (high - low) * rng.next());
}

test('plain cross-entropy: softmax regression (hidden: []) and MLPs of 1 to 3 hidden layers', { skip }, async () => {
  for (const hidden of [[], [8], [8, 6], [10, 8, 6]]) await assertParity({ family: 'mlp', hidden });
});

test('each activation', { skip }, async () => {
  for (const activation of ['relu', 'tanh', 'elu', 'sigmoid'] as Activation[]) await assertParity({ family: 'mlp', hidden: [8, 6], activation });
});

test('per-example sample weights (zeros drop rows)', { skip }, async () => {
  const sampleWeights = uniform(96, 3, 0, 2).map((w, i) => (i % 7 === 0 ? 0 : w));
  await assertParity({ family: 'mlp', hidden: [8], activation: 'tanh' }, { sampleWeights });
});

test('KD soft targets, with sample weights too', { skip }, async () => {
  const softTargets = { teacherLogits: uniform(96 * CLASSES, 4, -3, 3), temperature: 3, alpha: 0.6 };
  await assertParity({ family: 'mlp', hidden: [8, 6] }, { softTargets });
  await assertParity({ family: 'mlp', hidden: [] }, { softTargets: { ...softTargets, temperature: 1.5, alpha: 0.9 }, sampleWeights: uniform(96, 5, 0.2, 1.5) });
});

test('extra rows with their own target distributions, with sample weights on the split rows', { skip }, async () => {
  const count = 20;
  const raw = uniform(count * CLASSES, 6, 0, 1);
  const targets = raw.map((v, i) => v / (raw[i - (i % CLASSES)] + raw[i - (i % CLASSES) + 1] + raw[i - (i % CLASSES) + 2]));
  const extraRows = { features: uniform(count * 5, 7, -2, 2), count, targets };
  await assertParity({ family: 'mlp', hidden: [8], activation: 'elu' }, { extraRows });
  await assertParity({ family: 'mlp', hidden: [8], activation: 'elu' }, { extraRows, sampleWeights: uniform(96, 8, 0.5, 1.5) });
});

test('weight decay on kernels, alone and with KD', { skip }, async () => {
  await assertParity({ family: 'mlp', hidden: [8, 6], activation: 'sigmoid' }, {}, { weightDecay: 0.05 });
  const softTargets = { teacherLogits: uniform(96 * CLASSES, 9, -3, 3), temperature: 2, alpha: 0.5 };
  await assertParity({ family: 'mlp', hidden: [] }, { softTargets }, { weightDecay: 0.1 });
});

test('a whole run with early stopping reaches the same validation accuracy', { skip }, async () => {
  const blobs = blobData({ counts: [400, 200, 100], numClasses: 4, dim: 6, separation: 1.5 });
  const settings = { maxEpochs: 40, batchSize: 16, learningRate: 0.01, patience: 4 };
  const arch: MlpArch = { family: 'mlp', hidden: [16, 8] };
  const reference = await train(false, arch, settings, {}, blobs);
  const fused = await train(true, arch, settings, {}, blobs);
  // Early stopping may pick a neighbouring epoch when two validation losses nearly tie.
  assert.ok(Math.abs(fused.validation.accuracy - reference.validation.accuracy) <= 0.02, `${fused.validation.accuracy} vs ${reference.validation.accuracy}`);
  assert.ok(Math.abs(fused.test.accuracy - reference.test.accuracy) <= 0.03, `${fused.test.accuracy} vs ${reference.test.accuracy}`);
  assert.ok(reference.validation.accuracy > 0.5, 'the reference learned something');
});

test('falls back to TF.js for dropout, convolutions, MULTIHOP_FUSED_STEP=0 and GPU-style backends', async () => {
  await tf.setBackend('cpu');
  assert.match(fusedStepUnavailable({ family: 'mlp', hidden: [4], dropout: 0.2 }) ?? '', /dropout/);
  assert.match(fusedStepUnavailable({ family: 'cnn', convs: [{ filters: 2, kernel: 3 }], dense: [] }) ?? '', /cnn/);
  process.env[FUSED_STEP_ENV] = '0';
  try {
    assert.match(fusedStepUnavailable({ family: 'mlp', hidden: [4] }) ?? '', /MULTIHOP_FUSED_STEP=0/);
  } finally {
    delete process.env[FUSED_STEP_ENV];
  }
});

test('the fused run evaluates its returned weights as TF.js does: probabilities and metrics on train, validation and test', { skip }, async () => {
  const blobs = blobData({ counts: [300, 120, 120], numClasses: 4, dim: 6, separation: 1.2 });
  const arch: MlpArch = { family: 'mlp', hidden: [12, 6], activation: 'tanh' };
  const fused = await train(true, arch, { maxEpochs: 12, batchSize: 16, learningRate: 0.01, patience: 3 }, {}, blobs);
  // TF.js (cpu backend) rebuilt from the very weights the run returned.
  const model = modelFromWeights(arch, blobs.exampleShape, blobs.numClasses, fused.weights);
  try {
    for (const [part, split] of [['train', blobs.train], ['validation', blobs.validation], ['test', blobs.test]] as const) {
      const reference = evaluateSplit(model, split);
      assertClose(fused.probabilities[part], reference.probabilities, 1e-5, `${part} probabilities`);
      assert.equal(fused[part].accuracy, reference.metrics.accuracy, `${part} accuracy`);
      assert.ok(Math.abs(fused[part].loss - reference.metrics.loss) <= 1e-5, `${part} loss ${fused[part].loss} vs ${reference.metrics.loss}`);
    }
  } finally {
    model.dispose();
  }
  // The returned validation metrics are those of the epoch early stopping kept.
  const kept = fused.history.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
  assert.equal(fused.validation.accuracy, kept.valAccuracy);
  assert.equal(fused.validation.loss, kept.valLoss);
});

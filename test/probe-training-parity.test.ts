import * as tf from '@tensorflow/tfjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProbeSignal } from '../src/core/index.js';
import type { TeacherSignalOptions } from '../src/models/index.js';
import { computeTeacherSignal, trainLinearProbes, trainNode } from '../src/training/index.js';
import { cacheProbeActivations, cachedActivationSource, probeCacheBytes, type CachedProbeActivations } from '../src/training/probe-activation-cache.js';
import { nativeProbeKernels } from '../src/training/probe-native-training.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

// 150 rows in batches of 16 leave a last batch of 6: the mean over a short batch is checked too.
const data = blobData({ counts: [150, 60, 60] });
const OPTIONS: TeacherSignalOptions = { probeEpochs: 3, batchSize: 16, seed: 1 };

/** Two probed "layers": the raw features and a fixed nonlinear 6-wide map of them. */
function layerArrays(): CachedProbeActivations {
  const map = (split: 'train' | 'validation'): Float32Array[] => {
    const { features, count } = data[split];
    const mapped = new Float32Array(count * 6);
    for (let i = 0; i < count; i++)
      for (let j = 0; j < 6; j++) mapped[i * 6 + j] = Math.tanh(features[i * 4 + (j % 4)] * (j + 1) * 0.3 - features[i * 4 + ((j + 1) % 4)]);
    return [features.slice(), mapped];
  };
  return { layers: [{ layer: 'raw', size: 4 }, { layer: 'mapped', size: 6 }], train: map('train'), validation: map('validation') };
}

async function withEnv<T>(env: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(env);
  try {
    return await body();
  } finally {
    apply(saved);
  }
}

/** Probes through trainLinearProbes with the activations cache bound and the fused step set by `env`. */
async function probes(env: Record<string, string | undefined>, options: TeacherSignalOptions = OPTIONS): Promise<ProbeSignal[]> {
  await useWasmBackend();
  const source = cachedActivationSource(layerArrays(), data.train.count);
  try {
    return await withEnv(env, () => trainLinearProbes(data, source, options));
  } finally {
    source.dispose();
  }
}

const PER_BATCH_TFJS = { MULTIHOP_PROBE_CACHE_MIB: '0', MULTIHOP_FUSED_STEP: '0' };
const CACHED_TFJS = { MULTIHOP_PROBE_CACHE_MIB: undefined, MULTIHOP_FUSED_STEP: '0' };
const CACHED_NATIVE = { MULTIHOP_PROBE_CACHE_MIB: undefined, MULTIHOP_FUSED_STEP: undefined };

function largestDifference(a: ProbeSignal[], b: ProbeSignal[]): number {
  assert.deepEqual(a.map((p) => p.layer), b.map((p) => p.layer));
  let largest = 0;
  a.forEach((probe, k) => probe.trainTrueConfidence.forEach((p, i) => (largest = Math.max(largest, Math.abs(p - b[k].trainTrueConfidence[i])))));
  return largest;
}

await useWasmBackend();
const nativeSkip = (() => {
  const saved = process.env.MULTIHOP_FUSED_STEP;
  delete process.env.MULTIHOP_FUSED_STEP;
  const absent = nativeProbeKernels() === null;
  if (saved !== undefined) process.env.MULTIHOP_FUSED_STEP = saved;
  return absent ? 'the fused native step is not available here' : false;
})();

test('native probes match the per-batch TF.js probes: true-label confidences and validation accuracies', { skip: nativeSkip }, async () => {
  const reference = await probes(PER_BATCH_TFJS);
  const before = tf.memory().numTensors;
  const native = await probes(CACHED_NATIVE);
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');
  const tolerance = 1e-4;
  assert.ok(largestDifference(native, reference) < tolerance, `largest difference ${largestDifference(native, reference)}`);
  native.forEach((probe, k) => assert.equal(probe.validationAccuracy, reference[k].validationAccuracy, probe.layer));
  // The tolerance is tight enough to see a different batch order or learning rate.
  const reshuffled = await probes(CACHED_NATIVE, { ...OPTIONS, seed: 2 });
  assert.ok(largestDifference(reshuffled, reference) > 10 * tolerance, `seed 2 differs by only ${largestDifference(reshuffled, reference)}`);
  const otherRate = await probes(CACHED_NATIVE, { ...OPTIONS, learningRate: 0.011 });
  assert.ok(largestDifference(otherRate, reference) > 10 * tolerance, `lr 0.011 differs by only ${largestDifference(otherRate, reference)}`);
  const otherBatch = await probes(CACHED_NATIVE, { ...OPTIONS, batchSize: 15 });
  assert.ok(largestDifference(otherBatch, reference) > 10 * tolerance, `batch 15 differs by only ${largestDifference(otherBatch, reference)}`);
});

test('a network teacher’s signal is the same with native probes as with per-batch TF.js probes', { skip: nativeSkip }, async () => {
  const arch = { family: 'mlp' as const, hidden: [12, 6] };
  const teacher = await trainNode(data, arch, { maxEpochs: 5, batchSize: 16, learningRate: 0.02, patience: 3 }, {}, 1);
  const reference = await withEnv(PER_BATCH_TFJS, () => computeTeacherSignal(data, arch, teacher.weights, OPTIONS));
  const before = tf.memory().numTensors;
  const signal = await withEnv(CACHED_NATIVE, () => computeTeacherSignal(data, arch, teacher.weights, OPTIONS));
  assert.equal(tf.memory().numTensors, before, 'no tensor leak');
  // The native path also computes the teacher's outputs in the addon (teacher-signal-native.ts): same logits within rounding.
  signal.trainLogits.forEach((z, i) => assert.ok(Math.abs(z - reference.trainLogits[i]) < 1e-5, `logit ${i}`));
  assert.ok(largestDifference(signal.probes, reference.probes) < 1e-4);
  signal.probes.forEach((probe, k) => assert.equal(probe.validationAccuracy, reference.probes[k].validationAccuracy, probe.layer));
});

test('TF.js probes on cached activations match the per-batch TF.js probes', async () => {
  const reference = await probes(PER_BATCH_TFJS);
  const cached = await probes(CACHED_TFJS);
  assert.ok(largestDifference(cached, reference) < 1e-5);
  cached.forEach((probe, k) => assert.equal(probe.validationAccuracy, reference[k].validationAccuracy, probe.layer));
});

test('activations are cached only within the bound, which MULTIHOP_PROBE_CACHE_MIB sets', async () => {
  await useWasmBackend();
  const arrays = layerArrays();
  const source = cachedActivationSource(arrays, data.train.count);
  try {
    // (150 + 60) rows × (4 + 6) floats × 4 bytes.
    const bytes = 210 * 10 * 4;
    assert.equal(cacheProbeActivations(data, source, bytes - 1), null);
    const cache = cacheProbeActivations(data, source, bytes);
    assert.ok(cache);
    assert.deepEqual(cache.train, arrays.train);
    assert.deepEqual(cache.validation, arrays.validation);
  } finally {
    source.dispose();
  }
  await withEnv({ MULTIHOP_PROBE_CACHE_MIB: '1.5' }, async () => assert.equal(probeCacheBytes(), 1.5 * 1024 * 1024));
  await withEnv({ MULTIHOP_PROBE_CACHE_MIB: '0' }, async () => assert.equal(probeCacheBytes(), 0));
  await withEnv({ MULTIHOP_PROBE_CACHE_MIB: 'lots' }, async () => assert.equal(probeCacheBytes(), 256 * 1024 * 1024));
  await withEnv({ MULTIHOP_PROBE_CACHE_MIB: undefined }, async () => assert.equal(probeCacheBytes(), 256 * 1024 * 1024));
});

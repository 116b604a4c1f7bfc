import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, type MlpArch, type TeacherSignal } from '../src/core/index.js';
import { loadNativeKernels } from '../src/kernels/index.js';
import { computeTeacherSignal, trainNode } from '../src/training/index.js';
import { computeTeacherSignalInTfjs } from '../src/training/teacher-signal-tfjs.js';
import { computeMlpTeacherSignal, nativeTeacherKernels } from '../src/training/teacher-signal-native.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const OPTIONS = { probeEpochs: 3, seed: 1 };
const native = loadNativeKernels();
const skip = native === null || typeof native.mlpLayers !== 'function' ? 'the native addon (with mlpLayers) is not built' : false;

function largestDifference(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let largest = 0;
  a.forEach((v, i) => (largest = Math.max(largest, Math.abs(v - b[i]))));
  return largest;
}

function assertSameSignal(actual: TeacherSignal, expected: TeacherSignal, what: string): void {
  assert.ok(largestDifference(actual.trainLogits, expected.trainLogits) < 1e-5, `${what}: logits`);
  assert.deepEqual(actual.probes.map((p) => p.layer), expected.probes.map((p) => p.layer), what);
  actual.probes.forEach((probe, k) => {
    assert.ok(largestDifference(probe.trainTrueConfidence, expected.probes[k].trainTrueConfidence) < 1e-4, `${what}: ${probe.layer}`);
    assert.equal(probe.validationAccuracy, expected.probes[k].validationAccuracy, `${what}: ${probe.layer}`);
  });
}

test('an mlp teacher\'s native signal is the TF.js layers model\'s, for every activation and depth', { skip }, async () => {
  await useWasmBackend();
  const cases: Array<[MlpArch, number]> = [
    [{ family: 'mlp', hidden: [12, 6] }, 4],
    [{ family: 'mlp', hidden: [40, 16], activation: 'tanh' }, 24],
    [{ family: 'mlp', hidden: [9], activation: 'elu' }, 7],
    [{ family: 'mlp', hidden: [8, 8, 5], activation: 'sigmoid' }, 6],
    [{ family: 'mlp', hidden: [] }, 10],
  ];
  for (const [arch, dim] of cases) {
    // 700 train rows: more than one 512-row chunk of the native forward pass.
    const data = blobData({ counts: [700, 90, 60], dim, separation: 1.5 });
    const teacher = await trainNode(data, arch, { maxEpochs: 4, batchSize: 32, learningRate: 0.02, patience: 2 }, {}, 3);
    const reference = await computeTeacherSignalInTfjs(data, arch, teacher.weights, OPTIONS);
    const kernels = nativeTeacherKernels(data, arch);
    assert.ok(kernels, JSON.stringify(arch));
    const signal = await computeMlpTeacherSignal(kernels, data, arch, teacher.weights, OPTIONS);
    assertSameSignal(signal, reference, JSON.stringify(arch));
    assert.deepEqual(signal.probes.map((p) => p.layer), [...arch.hidden.map((_, i) => `hidden_${i}`), 'output']);
    // Seeded: the same signal again.
    assert.deepEqual(await computeMlpTeacherSignal(kernels, data, arch, teacher.weights, OPTIONS), signal);
  }
});

test('computeTeacherSignal takes the native path for a dense teacher, and TF.js when it cannot', { skip }, async () => {
  await useWasmBackend();
  // A teacher whose native and TF.js logits differ in their last bits, so the two paths can be told apart.
  const data = blobData({ counts: [300, 60, 60], dim: 24, separation: 1.5 });
  const arch: MlpArch = { family: 'mlp', hidden: [40, 16], activation: 'tanh' };
  const teacher = await trainNode(data, arch, { maxEpochs: 3, batchSize: 16, learningRate: 0.02, patience: 2 }, {}, 1);
  const viaTfjs = await computeTeacherSignalInTfjs(data, arch, teacher.weights, OPTIONS);
  const viaNative = await computeMlpTeacherSignal(native!, data, arch, teacher.weights, OPTIONS);
  assert.notDeepEqual(viaNative.trainLogits, viaTfjs.trainLogits, 'the two paths differ somewhere on this teacher');
  assert.deepEqual(await computeTeacherSignal(data, arch, teacher.weights, OPTIONS), viaNative);
  // Outside the probe cache's bound, with the fused step off, or with dropout: TF.js builds the teacher.
  const saved = { fused: process.env.MULTIHOP_FUSED_STEP, cache: process.env.MULTIHOP_PROBE_CACHE_MIB };
  try {
    process.env.MULTIHOP_PROBE_CACHE_MIB = '0';
    assert.equal(nativeTeacherKernels(data, arch), null);
    delete process.env.MULTIHOP_PROBE_CACHE_MIB;
    process.env.MULTIHOP_FUSED_STEP = '0';
    assert.equal(nativeTeacherKernels(data, arch), null);
    assert.deepEqual((await computeTeacherSignal(data, arch, teacher.weights, OPTIONS)).trainLogits, viaTfjs.trainLogits);
    delete process.env.MULTIHOP_FUSED_STEP;
    assert.equal(nativeTeacherKernels(data, { ...arch, dropout: 0.2 }), null);
    assert.ok(nativeTeacherKernels(data, arch));
  } finally {
    for (const [key, value] of [['MULTIHOP_FUSED_STEP', saved.fused], ['MULTIHOP_PROBE_CACHE_MIB', saved.cache]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

test('weights of another shape are refused in one line, and the addon checks every output array', { skip }, async () => {
  await useWasmBackend();
  const data = blobData({ counts: [60, 30, 30] });
  const arch: MlpArch = { family: 'mlp', hidden: [6] };
  const teacher = await trainNode(data, arch, { maxEpochs: 2, batchSize: 16, learningRate: 0.02, patience: 2 }, {}, 1);
  await assert.rejects(computeMlpTeacherSignal(native!, data, { family: 'mlp', hidden: [7] }, teacher.weights), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.match(error.message, /^stored weights have shapes \[\[4,6\],\[6\],\[6,3\],\[3\]\] but the architecture needs \[\[4,7\]/);
    return true;
  });
  const sizes = Int32Array.from([4, 6, 3]);
  const rows = data.train;
  assert.throws(() => native!.mlpLayers(sizes, 0, teacher.weights.values, rows.features, rows.count, [new Float32Array(rows.count * 6)]), /one Float32Array per layer/);
  assert.throws(
    () => native!.mlpLayers(sizes, 0, teacher.weights.values, rows.features, rows.count, [new Float32Array(rows.count * 6), new Float32Array(3)]),
    /each layer's output must be count × its width/,
  );
  assert.throws(() => native!.mlpLayers(sizes, 0, teacher.weights.values.subarray(1), rows.features, rows.count, []), /params must hold/);
});

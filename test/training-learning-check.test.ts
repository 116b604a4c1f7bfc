import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset, prepareData } from '../src/data/index.js';
import { computeTeacherSignal, trainNode } from '../src/training/index.js';
import { studentScratchSignal, transferMethods } from '../src/transfer/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';

const settings = { maxEpochs: 40, batchSize: 32, learningRate: 0.005, patience: 5 };

test('digits: an MLP [64] from scratch reaches ≥ 0.90 test accuracy', async () => {
  await useWasmBackend();
  const data = prepareData(await loadDataset('digits'), { seed: 0 });
  const result = await trainNode(data, { family: 'mlp', hidden: [64] }, settings, {}, 1);
  assert.ok(result.test.accuracy >= 0.9, `test accuracy ${result.test.accuracy}`);
  assert.ok(result.epochs <= settings.maxEpochs);
});

test('digits: a KD hop [128,64] → [8] runs end to end through the public API', async () => {
  await useWasmBackend();
  const data = prepareData(await loadDataset('digits'), { seed: 0 });
  const teacherArch = { family: 'mlp' as const, hidden: [128, 64] };
  const studentArch = { family: 'mlp' as const, hidden: [8] };
  const teacher = await trainNode(data, teacherArch, settings, {}, 1);
  const signal = await computeTeacherSignal(data, teacherArch, teacher.weights, { probeEpochs: 5, seed: 1 });
  assert.equal(signal.probes.length, 3);
  const ctx = { trainLabels: data.train.labels, numClasses: data.numClasses, teacher: signal };
  const kd = transferMethods.get('kd').prepare(ctx, { temperature: 4, alpha: 0.5 });
  const student = await trainNode(data, studentArch, settings, kd.inputs, 1);
  assert.ok(teacher.test.accuracy >= 0.93, `teacher ${teacher.test.accuracy}`);
  assert.ok(student.test.accuracy >= 0.8, `KD student ${student.test.accuracy}`);

  // The weighted methods run on the same signal once the student's scratch baseline exists.
  const scratch = await trainNode(data, studentArch, settings, {}, 1);
  const withScratch = { ...ctx, studentScratch: studentScratchSignal(scratch, data.train.labels) };
  const sratio = transferMethods.get('sratio').prepare(withScratch, { beta: 3 });
  const weighted = await trainNode(data, studentArch, settings, sratio.inputs, 1);
  assert.ok(weighted.test.accuracy >= 0.8, `SRatio student ${weighted.test.accuracy}`);
  console.log(
    `digits test accuracy: teacher ${teacher.test.accuracy.toFixed(3)}, scratch [8] ${scratch.test.accuracy.toFixed(3)}, ` +
      `KD ${student.test.accuracy.toFixed(3)}, SRatio ${weighted.test.accuracy.toFixed(3)} (dropped ${sratio.params.dropped})`,
  );
});

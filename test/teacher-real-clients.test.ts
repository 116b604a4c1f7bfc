import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { loadDataset, prepareData } from '../src/data/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { WINE, WINE_GBT_PREDICTIONS, WINE_GBT_PREDICTIONS_IDS, WINE_TORCH_ONNX, WINE_WITH_IDS, argmaxAccuracy } from './fixtures/teacher/teacher-files.js';
import { teacherSearch } from './fixtures/teacher/teacher-search.js';

/** The run's splits of wine with raw features (what a `raw` teacher is fed). */
async function rawWine(split: object) {
  return prepareData(await loadDataset(WINE), { ...split, standardise: 'none' });
}

test('a PyTorch MLP exported with torch.onnx.export is the root: raw input, logits detected, its hidden output probed', async () => {
  const dir = tempDir('teacher-torch');
  const { run, nodes, root, signal } = teacherSearch(dir, ['--dataset', WINE, '--teacher', WINE_TORCH_ONNX, '--teacher-probes', 'hidden', '--workers', '2', '--methods', 'sratio']);
  assert.equal(root.archLabel, 'onnx wine-torch-mlp.onnx');
  assert.equal(root.epochs, 0);
  assert.equal(root.params.outputsReadAs, 'logits');
  assert.equal(root.params.probes, 'hidden,output');
  // Accuracy recomputed apart from the run: ONNX Runtime on the raw rows of each split.
  const raw = await rawWine(run.split);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(WINE_TORCH_ONNX)));
  try {
    for (const split of ['validation', 'test'] as const) {
      const out = await session.run({ features: new ort.Tensor('float32', raw[split].features, [raw[split].count, 13]) });
      assert.equal(root[split]?.accuracy, argmaxAccuracy(out.logits.data as Float32Array, 3, raw[split].labels), split);
    }
  } finally {
    await session.release();
  }
  assert.ok(root.validation!.accuracy > 0.85, `teacher validation ${root.validation!.accuracy}`);
  assert.deepEqual(signal!.probes.map((p) => p.layer), ['hidden', 'output']);
  assert.ok(signal!.probes[0].validationAccuracy > 0.5, `hidden probe validation ${signal!.probes[0].validationAccuracy}`);
  const students = nodes.filter((n) => n.parentKey === root.key && n.method === 'sratio');
  assert.ok(students.length >= 1 && students.every((n) => n.status === 'done'), 'SRatio students of the teacher trained');

  const unknown = runCli(['search', '--dataset', WINE, '--teacher', WINE_TORCH_ONNX, '--teacher-probes', 'fc2', '--space', 'tiny', '--db', join(dir, 'x.db')]);
  assert.equal(unknown.status, 3, unknown.stderr);
  assert.match(unknown.stderr, /--teacher-probes fc2: no such output of .*wine-torch-mlp\.onnx; its outputs are logits, hidden/);
  assert.equal(unknown.stderr.trim().split('\n').length, 1, unknown.stderr);
});

test("scikit-learn gradient boosting's predictions CSV is the root, by row order and by an id column", async () => {
  const dir = tempDir('teacher-sklearn');
  const byOrder = teacherSearch(dir, ['--dataset', WINE, '--teacher', WINE_GBT_PREDICTIONS, '--workers', '2', '--methods', 'kd']);
  // Accuracy recomputed apart from the run: the CSV's argmax on each split's rows, found by their raw features.
  const [, ...lines] = readFileSync(WINE, 'utf8').trim().split('\n');
  const fileRow = new Map(lines.map((line, i) => [line.split(',').slice(0, 13).map((v) => Math.fround(Number(v))).join(','), i]));
  const [, ...predictions] = readFileSync(WINE_GBT_PREDICTIONS, 'utf8').trim().split('\n').map((line) => line.split(',').map(Number));
  const raw = await rawWine(byOrder.run.split);
  for (const split of ['validation', 'test'] as const) {
    const rows = Array.from({ length: raw[split].count }, (_, i) => fileRow.get(Array.from(raw[split].features.subarray(i * 13, i * 13 + 13)).join(','))!);
    assert.ok(rows.every((r) => r !== undefined));
    assert.equal(byOrder.root[split]?.accuracy, argmaxAccuracy(rows.flatMap((r) => predictions[r]), 3, raw[split].labels), split);
  }
  assert.equal(byOrder.root.archLabel, 'predictions wine-gbt-predictions.csv');
  assert.ok(byOrder.root.validation!.accuracy > 0.85);
  assert.ok(byOrder.nodes.some((n) => n.parentKey === byOrder.root.key && n.method === 'kd' && n.status === 'done'));

  // Rows shuffled and class columns reversed: only the ids and the class names align them.
  const byId = teacherSearch(dir, ['--dataset', WINE_WITH_IDS, '--id', 'sample_id', '--teacher', WINE_GBT_PREDICTIONS_IDS, '--workers', '2', '--methods', 'kd']);
  assert.equal(byId.root.params.alignedBy, 'sample_id');
  assert.equal(byId.run.dataset.hash, byOrder.run.dataset.hash);
  assert.equal(byId.root.validation?.accuracy, byOrder.root.validation?.accuracy);
  assert.equal(byId.root.test?.accuracy, byOrder.root.test?.accuracy);
});

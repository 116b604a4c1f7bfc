import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadDataset, prepareData } from '../src/data/index.js';
import { teacherHash } from '../src/teachers/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { IRIS, WINE, WINE_TFJS, argmaxAccuracy } from './fixtures/teacher/teacher-files.js';
import { teacherSearch } from './fixtures/teacher/teacher-search.js';

/** The fixture model read apart from the run's loader: model.json and its shards into fromMemory. */
async function loadFixtureModel(): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(readFileSync(join(WINE_TFJS, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const group = modelJson.weightsManifest[0];
  const bytes = Buffer.concat(group.paths.map((p) => readFileSync(join(WINE_TFJS, p))));
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: group.weights, weightData: new Uint8Array(bytes).buffer }));
}

test('a TF.js layers model (two weight shards) is the root: its accuracy on the run splits, probes on its layers, and ProfWeight from them', async () => {
  await tf.setBackend('cpu');
  const dir = tempDir('teacher-tfjs');
  const { run, nodes, root, signal } = teacherSearch(dir, [
    '--dataset', WINE, '--teacher', WINE_TFJS, '--teacher-input', 'standardized', '--teacher-probes', 'hidden1,hidden2', '--workers', '2', '--methods', 'profweight',
  ]);
  assert.equal(root.archLabel, 'tfjs wine-tfjs');
  assert.equal(root.epochs, 0, 'the teacher is never trained');
  assert.equal(root.params.teacher, 'tfjs');
  assert.equal(root.params.input, 'standardized');
  assert.equal(root.params.probes, 'hidden1,hidden2,output');
  assert.equal(root.complexity.params, 13 * 12 + 12 + 12 * 6 + 6 + 6 * 3 + 3);
  // Its accuracy, recomputed from the fixture files with TF.js on the run's standardised splits.
  const data = prepareData(await loadDataset(WINE), run.split);
  const model = await loadFixtureModel();
  for (const split of ['validation', 'test'] as const) {
    const p = tf.tidy(() => (model.predict(tf.tensor2d(data[split].features, [data[split].count, 13])) as tf.Tensor).dataSync());
    assert.equal(root[split]?.accuracy, argmaxAccuracy(p, 3, data[split].labels), split);
  }
  model.dispose();
  assert.ok(root.validation!.accuracy > 0.85, `teacher validation ${root.validation!.accuracy}`);
  assert.deepEqual(signal!.probes.map((p) => p.layer), ['hidden1', 'hidden2', 'output']);
  for (const probe of signal!.probes) {
    assert.equal(probe.trainTrueConfidence.length, data.train.count);
    assert.ok(probe.validationAccuracy > 0.5, `${probe.layer} probe validation ${probe.validationAccuracy}`);
  }
  const students = nodes.filter((n) => n.parentKey === root.key && n.method === 'profweight');
  assert.ok(students.length >= 1 && students.every((n) => n.status === 'done'), 'ProfWeight students of the teacher trained');

  // The same model named by its model.json.
  const byFile = teacherSearch(dir, ['--dataset', WINE, '--teacher', join(WINE_TFJS, 'model.json'), '--teacher-input', 'standardized', '--workers', '1', '--methods', 'kd']);
  assert.equal(byFile.root.archLabel, 'tfjs wine-tfjs');
  assert.equal(byFile.root.validation?.accuracy, root.validation?.accuracy);
});

test('a changed weight shard changes the TF.js teacher hash; mismatches and unknown probe names are one line before anything trains', () => {
  const dir = tempDir('teacher-tfjs-errors');
  const copy = join(dir, 'model');
  cpSync(WINE_TFJS, copy, { recursive: true });
  const before = teacherHash('tfjs', copy);
  assert.equal(teacherHash('tfjs', join(copy, 'model.json')), before);
  const shard = join(copy, 'group1-shard2of2.bin');
  const bytes = readFileSync(shard);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(shard, bytes);
  assert.notEqual(teacherHash('tfjs', copy), before);

  const refused = (args: string[], message: RegExp, code = 3) => {
    const result = runCli(['search', ...args, '--space', 'tiny', '--seeds', '1', '--db', join(dir, `${Math.random().toString(36).slice(2)}.db`)]);
    assert.equal(result.status, code, result.stderr);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  };
  refused(['--dataset', IRIS, '--teacher', WINE_TFJS], /--teacher .*wine-tfjs: expected a model taking 4 features .*found one taking 13/);
  refused(['--dataset', WINE, '--teacher', WINE_TFJS, '--teacher-probes', 'hidden1,dense_9'], /--teacher-probes dense_9: no such layer in .*wine-tfjs; its layers are hidden1, hidden2, probabilities/);
  copyFileSync(join(WINE_TFJS, 'model.json'), join(dir, 'model.json'));
  // model.json without its shards: named when the run hashes the teacher.
  refused(['--dataset', WINE, '--teacher', join(dir, 'model.json')], /--teacher .*group1-shard1of2\.bin: cannot read the file \(ENOENT\)/, 2);
  writeFileSync(join(dir, 'model.json'), '{"modelTopology": {"class_name": "Nothing"}, "weightsManifest": []}');
  refused(['--dataset', WINE, '--teacher', join(dir, 'model.json')], /--teacher .*model\.json: TF\.js cannot load it as a layers model/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadDataset, prepareData } from '../src/data/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { teacherSearch } from './fixtures/teacher/teacher-search.js';
import { IRIS, irisOnnxTeacher, irisWithIds, onnxAccuracy, onnxProbabilitiesOfIris, predictionsCsv } from './fixtures/teacher/teacher-files.js';

/** Runs a search with `args` and returns the run's root node, its split and dataset hash. */
function searchRoot(dir: string, args: string[]) {
  const { run, nodes, root } = teacherSearch(dir, [...args, '--workers', '2', '--methods', 'kd']);
  const students = nodes.filter((n) => n.parentKey === root.key && n.method === 'kd' && n.status === 'done');
  return { run, root, students };
}

test('a predictions CSV teacher aligned by row order, and by an id column with rows and class columns shuffled, measures as the model it came from', async () => {
  const dir = tempDir('teacher-predictions');
  const model = await irisOnnxTeacher(dir);
  const probabilities = await onnxProbabilitiesOfIris(model);

  const byOrder = searchRoot(dir, ['--dataset', IRIS, '--teacher', predictionsCsv(dir, 'by-order.csv', probabilities)]);
  const raw = prepareData(await loadDataset(IRIS), { ...byOrder.run.split, standardise: 'none' });
  const validation = await onnxAccuracy(model, raw.validation.features, raw.validation.labels);
  const testAccuracy = await onnxAccuracy(model, raw.test.features, raw.test.labels);
  assert.equal(byOrder.root.archLabel, 'predictions by-order.csv');
  assert.equal(byOrder.root.epochs, 0);
  assert.equal(byOrder.root.params.alignedBy, 'row order');
  assert.equal(byOrder.root.validation?.accuracy, validation);
  assert.equal(byOrder.root.test?.accuracy, testAccuracy);
  assert.ok(byOrder.students.length >= 1, 'KD students of the predictions trained');

  // Rows reversed and class columns reordered: only the ids and the column names align them.
  const shuffled = predictionsCsv(dir, 'by-id.csv', probabilities, { ids: true, classOrder: ['virginica', 'setosa', 'versicolor'] });
  const byId = searchRoot(dir, ['--dataset', irisWithIds(dir), '--id', 'flower', '--teacher', shuffled]);
  assert.equal(byId.root.params.alignedBy, 'flower');
  // The id column is no feature: the run's data is iris itself.
  assert.equal(byId.run.dataset.hash, byOrder.run.dataset.hash);
  assert.equal(byId.root.validation?.accuracy, validation);
  assert.equal(byId.root.test?.accuracy, testAccuracy);
  assert.ok(byId.students.length >= 1);
});

test('compression needs a teacher it can query: a predictions CSV is refused with one line before anything runs', async () => {
  const dir = tempDir('teacher-compression');
  const preds = predictionsCsv(dir, 'p.csv', await onnxProbabilitiesOfIris(await irisOnnxTeacher(dir)));
  const result = runCli(['search', '--dataset', IRIS, '--teacher', preds, '--methods', 'kd,compression', '--space', 'tiny', '--db', join(dir, 'x.db')]);
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /--methods compression labels new rows with the teacher, which a predictions file \(.*p\.csv\) cannot do; give the model as \.onnx or drop compression/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});

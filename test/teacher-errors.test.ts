import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { IRIS, irisOnnxTeacher, irisWithIds, onnxProbabilitiesOfIris, predictionsCsv, shapedOnnxTeacher } from './fixtures/teacher/teacher-files.js';

/** A search that must stop before any run is recorded: exit code, one line, no stack, no run. */
function refused(dir: string, args: string[], code: number, message: RegExp): void {
  const db = join(dir, `${Math.random().toString(36).slice(2)}.db`);
  const result = runCli(['search', ...args, '--space', 'tiny', '--seeds', '1', '--workers', '2', '--db', db]);
  assert.equal(result.status, code, result.stderr);
  assert.match(result.stderr, message);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  if (existsSync(db)) {
    const store = openStore(db, { readonly: true });
    try {
      assert.equal(store.listRuns().length, 0, 'no run was recorded');
    } finally {
      store.close();
    }
  }
}

test('teacher mismatches are one line naming expected vs found, before anything trains', async () => {
  const dir = tempDir('teacher-errors');
  const model = await irisOnnxTeacher(dir);
  const probabilities = await onnxProbabilitiesOfIris(model);

  refused(dir, ['--dataset', IRIS, '--teacher', shapedOnnxTeacher(dir, 3, 3)], 3, /--teacher .*dense-3x3\.onnx: expected a model taking 4 features .*found one taking 3/);
  refused(dir, ['--dataset', IRIS, '--teacher', shapedOnnxTeacher(dir, 4, 2)], 3, /expected 3 outputs per row \(classes setosa,versicolor,virginica\), found 2/);
  refused(dir, ['--dataset', IRIS, '--teacher', model, '--teacher-classes', 'setosa,versicolor,rose'], 3, /class names differ: expected setosa,versicolor,virginica \(the dataset's\), found setosa,versicolor,rose/);
  refused(dir, ['--dataset', IRIS, '--teacher', predictionsCsv(dir, 'names.csv', probabilities, { classOrder: ['setosa', 'versicolor', 'iris'] })], 3, /class names differ: expected setosa,versicolor,virginica \(the dataset's\), found setosa,versicolor,iris/);
  refused(dir, ['--dataset', irisWithIds(dir), '--id', 'flower', '--teacher', predictionsCsv(dir, 'ids.csv', probabilities, { ids: true, dropRows: 5 })], 3, /5 of the dataset's 150 ids have no prediction \(first: 'flower-145'\)/);
  refused(dir, ['--dataset', IRIS, '--teacher', predictionsCsv(dir, 'short.csv', probabilities, { dropRows: 1 })], 3, /expected 150 rows \(one per dataset row, in order\), found 149/);
  refused(dir, ['--dataset', IRIS, '--teacher', model, '--teacher-output', 'probabilities', '--teacher-classes', 'versicolor,setosa,virginica'], 3, /validation accuracy 30\.00% is no better than always answering the most frequent class \(33\.33%\); check --teacher-classes/);
  refused(dir, ['--dataset', IRIS, '--teacher', join(dir, 'model.pt')], 2, /--teacher .*model\.pt: expected a \.onnx model or a predictions \.csv, found '\.pt'/);
  refused(dir, ['--dataset', IRIS, '--teacher-input', 'standardized'], 2, /--teacher-input applies to an external model: add --teacher/);
});

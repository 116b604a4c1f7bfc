import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RunSummary } from '../src/report/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { IRIS, irisOnnxTeacher, onnxAccuracy } from './fixtures/teacher/teacher-files.js';

test('an ONNX teacher is the root of the run: measured not trained, KD from it trains, and resume never touches it', async () => {
  const dir = tempDir('teacher-onnx');
  const model = await irisOnnxTeacher(dir);
  const db = join(dir, 'runs.db');
  const search = runCli(['search', '--dataset', IRIS, '--teacher', model, '--space', 'tiny', '--seeds', '1', '--workers', '2', '--methods', 'kd', '--db', db, '--json']);
  assert.equal(search.status, 0, search.stderr);
  const summary = JSON.parse(search.stdout) as RunSummary;
  assert.equal(summary.run.status, 'done');

  const store = openStore(db, { readonly: true });
  let rootKey: string;
  let rootBefore: { attempts: number; validation: number | undefined };
  let signalBefore: Float32Array;
  try {
    const run = store.getRun(summary.run.id)!;
    const nodes = store.listNodes(run.id);
    const roots = nodes.filter((n) => n.role === 'root');
    assert.equal(roots.length, 1);
    const root = roots[0];
    assert.equal(root.status, 'done');
    assert.equal(root.archLabel, 'onnx iris-linear.onnx');
    assert.equal(root.epochs, 0, 'the teacher is never trained');
    assert.equal(root.params.teacher, 'onnx');
    assert.equal(root.params.probes, 'output only');
    // Its accuracies are its own predictions on the run's splits, measured here without the run's code.
    const raw = prepareData(await loadDataset(IRIS), { ...run.split, standardise: 'none' });
    assert.equal(root.validation?.accuracy, await onnxAccuracy(model, raw.validation.features, raw.validation.labels));
    assert.equal(root.test?.accuracy, await onnxAccuracy(model, raw.test.features, raw.test.labels));
    assert.ok(root.validation!.accuracy > 0.8, `teacher validation ${root.validation!.accuracy}`);
    // Its signal: log-probabilities on the train split, and one probe, the output.
    const signal = store.getTeacherSignal(run.id, root.key)!;
    assert.deepEqual(signal.probes.map((p) => p.layer), ['output']);
    assert.equal(signal.trainLogits.length, raw.train.count * 3);
    for (let i = 0; i < raw.train.count; i++) {
      const sum = [0, 1, 2].reduce((s, c) => s + Math.exp(signal.trainLogits[i * 3 + c]), 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `exp(logits) of row ${i} sum to ${sum}`);
    }
    const kd = nodes.filter((n) => n.parentKey === root.key && n.method === 'kd');
    assert.ok(kd.length >= 1, 'students of the teacher were trained with KD');
    assert.ok(kd.every((n) => n.status === 'done' && (n.epochs ?? 0) > 0));
    rootKey = root.key;
    rootBefore = { attempts: root.attempts, validation: root.validation?.accuracy };
    signalBefore = signal.trainLogits;
  } finally {
    store.close();
  }

  // A crash in the middle of a KD hop: the node is left running. Resume must train it again from
  // the stored signal, without the teacher file (moved away) and without touching the root.
  const sql = new Database(db);
  const crashed = sql.prepare("SELECT key FROM nodes WHERE run_id = ? AND parent_key = ? AND method = 'kd' LIMIT 1").get(summary.run.id, rootKey) as { key: string };
  sql.prepare("UPDATE nodes SET status = 'running' WHERE run_id = ? AND key = ?").run(summary.run.id, crashed.key);
  sql.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?").run(summary.run.id);
  sql.close();
  renameSync(model, `${model}.moved`);
  const resumed = runCli(['resume', summary.run.id, '--workers', '2', '--db', db, '--json']);
  assert.equal(resumed.status, 0, resumed.stderr);
  const after = openStore(db, { readonly: true });
  try {
    const root = after.getNode(summary.run.id, rootKey)!;
    assert.equal(root.attempts, rootBefore.attempts);
    assert.equal(root.validation?.accuracy, rootBefore.validation);
    assert.deepEqual(after.getTeacherSignal(summary.run.id, rootKey)!.trainLogits, signalBefore);
    const retrained = after.getNode(summary.run.id, crashed.key)!;
    assert.equal(retrained.status, 'done');
    assert.equal(retrained.attempts, 2, 'the crashed KD hop trained again');
    assert.equal(after.getRun(summary.run.id)!.status, 'done');
  } finally {
    after.close();
  }
});

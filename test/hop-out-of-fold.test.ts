// Cross-fitted root signals (`root.training.signalFolds`): stratified folds, out-of-fold logits
// that are less confident than in-sample ones, and a search that uses them end to end.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Arch, PreparedData } from '../src/core/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { outOfFoldLogits, stratifiedFolds } from '../src/hop/index.js';
import { familyOf } from '../src/models/index.js';
import { parseSearchSpace } from '../src/search/index.js';
import type { RunSummary } from '../src/report/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

let wine: PreparedData;
before(async () => {
  await useWasmBackend();
  wine = prepareData(await loadDataset('wine'), { seed: 2 });
});

test('stratifiedFolds: every fold within one row of its share of each class, same seed same folds', () => {
  const folds = stratifiedFolds(wine.train.labels, 4, 7);
  for (let c = 0; c < wine.numClasses; c++) {
    const rows = [...wine.train.labels.keys()].filter((r) => wine.train.labels[r] === c);
    const sizes = [0, 1, 2, 3].map((k) => rows.filter((r) => folds[r] === k).length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `class ${c} fold sizes ${sizes}`);
  }
  assert.deepEqual(stratifiedFolds(wine.train.labels, 4, 7), folds);
  assert.notDeepEqual(stratifiedFolds(wine.train.labels, 4, 8), folds);
});

test('out-of-fold logits: each row predicted without training on it, less confident than in-sample', async () => {
  const arch: Arch = { family: 'mlp', hidden: [32] };
  const settings = { maxEpochs: 60, batchSize: 16, learningRate: 0.01, patience: 60 };
  const runtime = await familyOf(arch).runtime();
  const full = await runtime.train(wine, arch, settings, {}, 0);
  const oof = await outOfFoldLogits(wine, arch, runtime, { folds: 4, settings }, 0);
  const classes = wine.numClasses;
  const meanTrueProbability = (p: (row: number, c: number) => number) => {
    let sum = 0;
    for (let row = 0; row < wine.train.count; row++) sum += p(row, wine.train.labels[row]);
    return sum / wine.train.count;
  };
  const inSample = meanTrueProbability((row, c) => full.probabilities.train[row * classes + c]);
  const outOfFold = meanTrueProbability((row, c) => Math.exp(oof[row * classes + c]));
  console.log(`mean p(true class) on train rows: in-sample ${inSample.toFixed(4)}, out of fold ${outOfFold.toFixed(4)}`);
  assert.ok(outOfFold < inSample, `out of fold ${outOfFold} should be below in-sample ${inSample}`);
  // Log-probabilities: every row's exp sums to 1.
  for (let row = 0; row < wine.train.count; row++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(oof[row * classes + c]);
    assert.ok(Math.abs(sum - 1) < 1e-4);
  }
});

test('a search with root.training.signalFolds stores a cross-fitted root signal; the space refuses it outside the root', () => {
  const dir = tempDir('signal-folds');
  const tiny = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'search-spaces', 'tiny.json'), 'utf8'));
  const spaceFile = (name: string, folds?: number) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify({ ...tiny, name, dataset: 'wine', root: { ...tiny.root, training: { ...tiny.root.training, ...(folds ? { signalFolds: folds } : {}) } } }));
    return path;
  };
  const rootSignal = (space: string) => {
    const db = join(dir, `${space}.db`);
    const run = runCli(['search', '--space', spaceFile(space, space === 'folds' ? 3 : undefined), '--methods', 'kd', '--workers', '1', '--db', db, '--json']);
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as RunSummary;
    assert.equal(summary.run.status, 'done');
    const store = new Database(db, { readonly: true });
    const row = store.prepare("SELECT s.* FROM teacher_signals s JOIN nodes n ON n.key = s.node_key AND n.run_id = s.run_id WHERE n.role = 'root' AND s.kind = 'teacher'").get() as Record<string, unknown>;
    store.close();
    assert.ok(row, 'the root taught, so its signal is stored');
    return row;
  };
  const plain = rootSignal('plain');
  const folded = rootSignal('folds');
  assert.notEqual(folded.node_key, plain.node_key, 'cross-fitting is part of the root node identity');
  assert.notDeepEqual(folded.train_logits, plain.train_logits);
  assert.throws(
    () => parseSearchSpace({ ...tiny, training: { ...tiny.training, signalFolds: 3 } }, 's.json'),
    /s\.json: training\.signalFolds: only the root's signal is cross-fitted; move it to root\.training/,
  );
  assert.throws(() => parseSearchSpace({ ...tiny, root: { ...tiny.root, training: { signalFolds: 1 } } }, 's.json'), /root\.training\.signalFolds: expected an integer from 2 to 10/);
});

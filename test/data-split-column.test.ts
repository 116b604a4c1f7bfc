import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataError } from '../src/core/index.js';
import { loadCsv, parseArff, prepareData } from '../src/data/index.js';
import type { RunSummary } from '../src/report/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

const IRIS = join(import.meta.dirname, '..', '..', 'datasets', 'iris.csv');

/** iris with a last column 'fold': rows i % 5 == 3 validation, == 4 test, the rest train (spelled variously). */
function irisWithFold(dir: string, fold: (i: number) => string = defaultFold): string {
  const [header, ...rows] = readFileSync(IRIS, 'utf8').trim().split('\n');
  const path = join(dir, 'iris-fold.csv');
  writeFileSync(path, [`${header},fold`, ...rows.map((r, i) => `${r},${fold(i)}`)].join('\n') + '\n');
  return path;
}
function defaultFold(i: number): string {
  return i % 5 === 3 ? (i % 2 ? 'Validation' : 'val') : i % 5 === 4 ? 'test' : 'train';
}

test('--split-column: the parts are exactly the rows the column names, test in file order; the column is no feature and no default label', () => {
  const dir = tempDir('split-column');
  const path = irisWithFold(dir);
  const dataset = loadCsv(path, { splitColumn: 'fold' });
  // The last column is 'fold', yet the label is the conventional 'target'/'class' column of iris, not fold.
  assert.deepEqual(dataset.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.ok(!dataset.featureNames.some((name) => name.startsWith('fold')), dataset.featureNames.join(','));
  const data = prepareData(dataset, { standardise: 'none' });
  const plain = loadCsv(IRIS);
  const width = plain.exampleShape[0];
  const rowsOf = (code: number) => Array.from({ length: plain.labels.length }, (_, i) => i).filter((i) => (i % 5 === 3 ? 1 : i % 5 === 4 ? 2 : 0) === code);
  const key = (features: Float32Array, row: number) => Array.from(features.subarray(row * width, (row + 1) * width)).join(',');
  const sorted = (part: { features: Float32Array; count: number }) => Array.from({ length: part.count }, (_, r) => key(part.features, r)).sort();
  assert.deepEqual(sorted(data.train), rowsOf(0).map((i) => key(plain.features, i)).sort());
  assert.deepEqual(sorted(data.validation), rowsOf(1).map((i) => key(plain.features, i)).sort());
  // The test rows keep the file's order.
  assert.deepEqual(Array.from({ length: data.test.count }, (_, r) => key(data.test.features, r)), rowsOf(2).map((i) => key(plain.features, i)));
  // Another assignment of the same rows is other data: its hash differs, so no node is shared.
  const other = loadCsv(irisWithFold(tempDir('split-other'), (i) => (i % 5 === 0 ? 'validation' : i % 5 === 1 ? 'test' : 'train')), { splitColumn: 'fold' });
  assert.notEqual(other.hash, dataset.hash);
  assert.deepEqual(other.features, dataset.features);
});

test('--split-column errors name the file, line and value, or the columns there are', () => {
  const dir = tempDir('split-column-errors');
  const bad = irisWithFold(dir, (i) => (i === 7 ? 'holdout' : defaultFold(i)));
  assert.throws(() => loadCsv(bad, { splitColumn: 'fold' }), (error: Error) =>
    error instanceof DataError && /iris-fold\.csv line 9, split column "fold": "holdout" is not train, validation or test/.test(error.message));
  assert.throws(() => loadCsv(bad, { splitColumn: 'part' }), /--split-column part: .* has no such column; its columns are .*fold/);
  assert.throws(() => loadCsv(bad, { splitColumn: 'fold', labelColumn: 'fold' }), /cannot be both the label and the split column/);
  const noTest = loadCsv(irisWithFold(tempDir('split-no-test'), (i) => (i % 4 === 0 ? 'validation' : 'train')), { splitColumn: 'fold' });
  assert.throws(() => prepareData(noTest), /the split column of .* gives no row to the test part; mark some rows 'test'/);
  // ARFF: the default label is the last attribute that is not the split column.
  const arff = parseArff(
    '@relation r\n@attribute a numeric\n@attribute kind {x,y}\n@attribute part {train,validation,test}\n@data\n' +
      ['1,x,train', '2,y,train', '3,x,validation', '4,y,validation', '5,x,test', '6,y,test'].join('\n') + '\n',
    'r.arff', 'r', { splitColumn: 'part' });
  assert.deepEqual(arff.classNames, ['x', 'y']);
  assert.deepEqual(Array.from(arff.splitOf ?? []), [0, 0, 1, 1, 2, 2]);
});

test('search --split-column trains on the given parts, stores the column with the run, resume and export reload it; bad uses are one line', () => {
  const dir = tempDir('split-column-cli');
  const csv = irisWithFold(dir);
  const db = join(dir, 'runs.db');
  const search = runCli(['search', '--dataset', csv, '--split-column', 'fold', '--space', 'tiny', '--seeds', '1', '--workers', '2', '--db', db, '--json']);
  assert.equal(search.status, 0, search.stderr);
  const summary = JSON.parse(search.stdout) as RunSummary;
  assert.equal(summary.run.status, 'done');
  const store = new Database(db, { readonly: true });
  const config = JSON.parse((store.prepare('SELECT config FROM runs WHERE id = ?').get(summary.run.id) as { config: string }).config);
  store.close();
  assert.equal(config.splitColumn, 'fold');
  // The root's test accuracy is a count over the 30 given test rows.
  const rootTest = (summary.root?.test ?? Number.NaN) * 30;
  assert.ok(Math.abs(rootTest - Math.round(rootTest)) < 1e-9, `root test accuracy ${summary.root?.test} is not k/30`);
  const resumed = runCli(['resume', summary.run.id, '--db', db, '--json']);
  assert.equal(resumed.status, 0, resumed.stderr);
  const exported = runCli(['export', summary.run.id, '--db', db, '--out', join(dir, 'model'), '--json']);
  assert.equal(exported.status, 0, exported.stderr);
  const manifest = JSON.parse(readFileSync(join(dir, 'model', 'multihop.json'), 'utf8'));
  assert.ok(!manifest.preprocessing.featureNames.some((name: string) => name.startsWith('fold')));

  const embedded = runCli(['search', '--dataset', 'iris', '--split-column', 'fold', '--space', 'tiny', '--db', db]);
  assert.notEqual(embedded.status, 0);
  assert.match(embedded.stderr, /--split-column applies to a \.csv or \.arff file/);
  const seeded = runCli(['search', '--dataset', csv, '--split-column', 'fold', '--split-seed', '3', '--space', 'tiny', '--db', db]);
  assert.notEqual(seeded.status, 0);
  assert.match(seeded.stderr, /--split-seed cuts a random split; with --split-column the parts are yours/);
  assert.doesNotMatch(seeded.stderr + embedded.stderr, /\n\s+at /);
});

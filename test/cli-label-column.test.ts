import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../src/report/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

const IRIS = join(import.meta.dirname, '..', '..', 'datasets', 'iris.csv');

/**
 * iris with its label first, named 'species', and a numeric feature named 'y': the default rule
 * (a column named label/class/target/y, else the last) would take 'y' as the label.
 */
function irisWithSpeciesFirst(dir: string): string {
  const [header, ...rows] = readFileSync(IRIS, 'utf8').trim().split('\n');
  const move = (cells: string[]) => [cells[4], cells[0], cells[1], cells[2], cells[3]];
  const names = move(header.split(','));
  names[0] = 'species';
  names[4] = 'y';
  const path = join(dir, 'iris-species.csv');
  writeFileSync(path, [names.join(','), ...rows.map((r) => move(r.split(',')).join(','))].join('\n') + '\n');
  return path;
}

test('--label picks the label column of a CSV, is stored with the run, and export reloads the data with it', () => {
  const dir = tempDir('label');
  const csv = irisWithSpeciesFirst(dir);
  const db = join(dir, 'runs.db');
  const search = runCli(['search', '--dataset', csv, '--label', 'species', '--space', 'tiny', '--seeds', '1', '--workers', '2', '--db', db, '--json']);
  assert.equal(search.status, 0, search.stderr);
  const summary = JSON.parse(search.stdout) as RunSummary;
  assert.equal(summary.run.status, 'done');

  // The run config remembers the label, so export (and resume) load the same dataset.
  const out = join(dir, 'model');
  const exported = runCli(['export', summary.run.id, '--db', db, '--out', out, '--json']);
  assert.equal(exported.status, 0, exported.stderr);
  const manifest = JSON.parse(readFileSync(join(out, 'multihop.json'), 'utf8'));
  assert.deepEqual(manifest.preprocessing.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(manifest.preprocessing.featureNames, ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'y']);
});

test('--label errors: an unknown column is named with the columns there are; an embedded dataset refuses it', () => {
  const dir = tempDir('label-errors');
  const csv = irisWithSpeciesFirst(dir);
  const unknown = runCli(['search', '--dataset', csv, '--label', 'kind', '--space', 'tiny', '--db', join(dir, 'x.db')]);
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /no label column "kind"; columns are "species", "sepal length \(cm\)"/);
  assert.doesNotMatch(unknown.stderr, /\n\s+at /);
  const embedded = runCli(['search', '--dataset', 'iris', '--label', 'species', '--space', 'tiny', '--db', join(dir, 'x.db')]);
  assert.notEqual(embedded.status, 0);
  assert.match(embedded.stderr, /--label applies to a \.csv or \.arff file; the embedded dataset 'iris' has its label column already/);
});

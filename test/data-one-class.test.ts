import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../src/core/index.js';
import { parseCsv, prepareData } from '../src/data/index.js';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';

function csv(rowsPerClass: Record<string, number>): string {
  const lines = ['a,b,label'];
  let i = 0;
  for (const [label, n] of Object.entries(rowsPerClass)) for (let r = 0; r < n; r++, i++) lines.push(`${i},${i % 7},${label}`);
  return `${lines.join('\n')}\n`;
}

test('a label column with one class is a DataError naming the class, its count and the label column', () => {
  const dataset = parseCsv(csv({ yes: 10 }), 'one.csv', 'one.csv');
  assert.throws(
    () => prepareData(dataset),
    (e: Error) =>
      e instanceof DataError &&
      e.message === `'one.csv' has only one class ("yes", 10 rows) in its label column "label"; a classifier needs at least two classes: check that --label names the class column`,
  );
});

test('a class too small for every part names the class, its count and where its rows went', () => {
  const dataset = parseCsv(csv({ big: 30, small: 2 }), 'small.csv', 'small.csv');
  assert.throws(
    () => prepareData(dataset),
    (e: Error) => e instanceof DataError && /^'small\.csv': class "small" has 2 rows, too few to appear in every part of the split \(train 1, validation 1, test 0\); every class needs rows in train, validation, test: add rows/.test(e.message),
  );
  // Enough rows for train/validation/test but not for a reserved root share as well.
  const rooted = parseCsv(csv({ x: 5, y: 5, z: 5 }), 'rooted.csv', 'rooted.csv');
  assert.doesNotThrow(() => prepareData(rooted));
  assert.throws(() => prepareData(rooted, { rootShare: 0.1 }), /class "\w" has 5 rows, .*rootTrain 0\).*train, validation, test, the root share/);
});

test('1000 classes of two rows say that classes have too few rows, not that the test part is empty', () => {
  const counts = Object.fromEntries(Array.from({ length: 1000 }, (_, c) => [`c${c}`, 2]));
  const dataset = parseCsv(csv(counts), 'many.csv', 'many.csv');
  assert.throws(() => prepareData(dataset), /class "c0" has 2 rows, too few .*; 999 more of the 1000 classes have too few rows as well;/);
});

test('search refuses a one-class file before any run is created, leaving the database byte-identical', () => {
  const dir = tempDir('one-class');
  const data = join(dir, 'one.csv');
  writeFileSync(data, csv({ yes: 20 }));
  const db = join(dir, 'runs.db');
  openStore(db).close();
  const before = readFileSync(db);
  const result = runCli(['search', '--dataset', data, '--space', 'tiny', '--seeds', '1', '--workers', '1', '--db', db, '--json']);
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stderr, /^multihop: '.*one\.csv' has only one class \("yes", 20 rows\)/);
  assert.equal(result.stderr.trim().split('\n').filter((l) => !l.startsWith('multihop: backend')).length, 1, result.stderr);
  assert.ok(readFileSync(db).equals(before), 'database unchanged');
});

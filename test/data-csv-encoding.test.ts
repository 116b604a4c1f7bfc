import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DataError } from '../src/core/index.js';
import { encodeRows, hashDataset, loadCsv, loadDataset, parseCsv } from '../src/data/index.js';

const fixture = (file: string): string => fileURLToPath(new URL(`../../test/fixtures/data/${file}`, import.meta.url));

// mixed.csv:            age,class,colour,size
//                       30,yes,red,1.5
//                       ?,no,blue,2.5
//                       50,yes,,NA
//                       40,no,red,3.5
const MIXED_FEATURES = [
  // age, colour=?, colour=blue, colour=red, size
  [30, 0, 0, 1, 1.5],
  [40, 0, 1, 0, 2.5], // age '?' → median(30, 50, 40) = 40
  [50, 1, 0, 0, 2.5], // colour '' → category '?'; size 'NA' → median(1.5, 2.5, 3.5) = 2.5
  [40, 0, 0, 1, 3.5],
];

test('categorical columns are one-hot with sorted categories; missing values follow the documented rule', () => {
  const dataset = loadCsv(fixture('mixed.csv'));
  assert.deepEqual(dataset.featureNames, ['age', 'colour=?', 'colour=blue', 'colour=red', 'size']);
  assert.deepEqual(dataset.exampleShape, [5]);
  assert.deepEqual(Array.from(dataset.features), MIXED_FEATURES.flat());
  // 'class' is picked by name although it is not the last column.
  assert.deepEqual(dataset.classNames, ['no', 'yes']);
  assert.deepEqual(Array.from(dataset.labels), [1, 0, 1, 0]);
  assert.deepEqual(dataset.encoding, {
    labelColumn: 'class',
    columns: [
      { name: 'age', kind: 'numeric', fill: 40 },
      { name: 'colour', kind: 'categorical', categories: ['?', 'blue', 'red'] },
      { name: 'size', kind: 'numeric', fill: 2.5 },
    ],
  });
  assert.equal(dataset.hash, hashDataset([5], dataset.features, dataset.labels));
  assert.match(dataset.hash, /^[0-9a-f]{64}$/);
});

test('class names are sorted numeric-aware; the label column can be chosen by index', () => {
  const dataset = parseCsv('x,y\n1,10\n2,2\n3,1\n4,2\n', 't.csv', 't');
  assert.deepEqual(dataset.classNames, ['1', '2', '10']);
  assert.deepEqual(Array.from(dataset.labels), [2, 1, 0, 1]);
  const byIndex = parseCsv('x,y\n1,10\n2,2\n3,1\n4,2\n', 't.csv', 't', { labelColumn: 0 });
  assert.deepEqual(byIndex.featureNames, ['y']);
  assert.deepEqual(byIndex.classNames, ['1', '2', '3', '4']);
});

test('gzipped CSV reads the same as plain CSV', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-csv-'));
  const text = 'a,b,label\n1,2,x\n3,4,y\n';
  writeFileSync(join(dir, 'p.csv'), text);
  writeFileSync(join(dir, 'p.csv.gz'), gzipSync(text));
  const plain = await loadDataset(join(dir, 'p.csv'));
  const gz = await loadDataset(join(dir, 'p.csv.gz'));
  assert.equal(gz.hash, plain.hash);
  assert.deepEqual(Array.from(gz.features), [1, 2, 3, 4]);
});

test('encodeRows applies a stored encoding to new raw rows', () => {
  const dataset = loadCsv(fixture('mixed.csv'));
  const encoding = dataset.encoding!;
  const rows: Record<string, string>[] = [
    { age: '30', class: 'yes', colour: 'red', size: '1.5' },
    { age: 'NA', colour: 'green', size: '' }, // unseen category → all zeros; fills from the file
    { age: ' 20 ', colour: '?', size: '9', extra: 'ignored' },
  ];
  assert.deepEqual(Array.from(encodeRows(encoding, rows, 'new.csv')), [
    30, 0, 0, 1, 1.5,
    40, 0, 0, 0, 2.5,
    20, 1, 0, 0, 9,
  ]);
  assert.throws(
    () => encodeRows(encoding, [{ age: '1', size: '2' }], 'new.csv'),
    (error: unknown) =>
      error instanceof DataError && error.message.startsWith('new.csv row 1: missing column "colour"'),
  );
  assert.throws(
    () => encodeRows(encoding, [{ age: 'old', colour: 'red', size: '2' }], 'new.csv'),
    /new\.csv row 1, column "age": expected a number, found "old"/,
  );
});

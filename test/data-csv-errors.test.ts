import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DataError } from '../src/core/index.js';
import { loadCsv, parseCsv } from '../src/data/index.js';

const fixture = (file: string): string => fileURLToPath(new URL(`../../test/fixtures/data/${file}`, import.meta.url));

test('a ragged row is a DataError with the file, line and field counts', () => {
  const path = fixture('ragged.csv');
  assert.throws(() => loadCsv(path), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.equal(error.message, `${path} line 4: expected 4 fields, found 3`);
    return true;
  });
});

test('a non-numeric value in a declared numeric column names file, line and column', () => {
  const path = fixture('declared-numeric.csv');
  assert.throws(() => loadCsv(path, { numericColumns: ['weight'] }), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.equal(error.message, `${path} line 3, column "weight": expected a number, found "seventy"`);
    return true;
  });
  // Undeclared, the same column is categorical: 3 distinct values, one-hot.
  const dataset = loadCsv(path);
  assert.deepEqual(dataset.featureNames, ['height', 'weight=60', 'weight=80', 'weight=seventy']);
});

test('an unknown label column lists the columns', () => {
  assert.throws(
    () => parseCsv('a,b,c\n1,2,3\n', 't.csv', 't', { labelColumn: 'species' }),
    (error: unknown) =>
      error instanceof DataError && error.message === 't.csv: no label column "species"; columns are "a", "b", "c"',
  );
  assert.throws(
    () => parseCsv('a,b,c\n1,2,3\n', 't.csv', 't', { labelColumn: 3 }),
    /t\.csv: label column index 3 is out of range; the file has 3 columns/,
  );
});

test('a declared numeric column missing from the header and a missing label are DataErrors', () => {
  assert.throws(
    () => parseCsv('a,b\n1,2\n', 't.csv', 't', { numericColumns: ['z'] }),
    /t\.csv: numeric column "z" is not in the header; columns are "a", "b"/,
  );
  assert.throws(() => parseCsv('a,b\n1,x\n2,?\n', 't.csv', 't'), /t\.csv line 3: missing label in column "b"/);
});

test('a file that cannot be read is a DataError naming it', () => {
  assert.throws(() => loadCsv('/nonexistent/x.csv'), /\/nonexistent\/x\.csv: cannot read the file \(ENOENT\)/);
});

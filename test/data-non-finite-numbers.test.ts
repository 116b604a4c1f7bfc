import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError } from '../src/core/index.js';
import { encodeRows, parseArff, parseCsv } from '../src/data/index.js';

const NON_FINITE = ['1e999', '-1e999', '1e39', '9'.repeat(400), 'inf', '-inf', '+Infinity', 'INFINITY', '-Infinity'];

function csvWith(cell: string): string {
  return `a,b,label\n1,2,x\n${cell},3,y\n4,5,x\n6,7,y\n`;
}

test('a CSV cell that overflows float32, or an infinity token, is a DataError naming the file, line and column', () => {
  for (const cell of NON_FINITE) {
    assert.throws(
      () => parseCsv(csvWith(cell), 'data.csv', 'data'),
      (error: Error) =>
        error instanceof DataError &&
        /^data\.csv line 3, column "a": ".*"(… \(\d+ characters\))? is not a finite number \((infinite|beyond the float32 range of ±3\.4e38)\); fix it, or leave the cell empty/.test(error.message) &&
        !error.message.includes('\n'),
      cell.slice(0, 20),
    );
  }
});

test('a huge digit string is cut in the message, which stays one short line', () => {
  const cell = '7'.repeat(1_000_000);
  assert.throws(() => parseCsv(csvWith(cell), 'big.csv', 'big'), (error: Error) => error.message.length < 300 && /\(1000000 characters\)/.test(error.message));
});

test('large finite values and missing tokens are still numbers; a column of words that includes "inf" stays categorical', () => {
  const ok = parseCsv('a,b,label\n3e38,-3e38,x\nNaN,1e-300,y\n', 'ok.csv', 'ok');
  assert.deepEqual(ok.featureNames, ['a', 'b']);
  assert.ok(Array.from(ok.features).every(Number.isFinite));
  const words = parseCsv('a,b,label\ninf,1,x\nlow,2,y\nhigh,3,x\n', 'words.csv', 'words');
  assert.deepEqual(words.featureNames, ['a=high', 'a=inf', 'a=low', 'b']);
});

test('ARFF numeric attributes refuse non-finite values with the line and attribute', () => {
  for (const cell of ['1e999', '-inf', 'Infinity']) {
    const arff = `@relation r\n@attribute a numeric\n@attribute b real\n@attribute class {x,y}\n@data\n1,2,x\n3,${cell},y\n`;
    assert.throws(() => parseArff(arff, 'r.arff', 'r'), /^DataError: r\.arff line 7, column "b": ".*" is not a finite number/);
  }
});

test('predicting rows with a non-finite cell is the same DataError, not an Infinity fed to the model', () => {
  const dataset = parseCsv(csvWith('8'), 'data.csv', 'data');
  assert.ok(dataset.encoding);
  assert.throws(() => encodeRows(dataset.encoding!, [{ a: '1e999', b: '1' }], 'rows.csv'), /rows\.csv row 1, column "a": "1e999" is not a finite number/);
});

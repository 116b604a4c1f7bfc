import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { DataError } from '../src/core/index.js';
import { loadDataset, parseArff } from '../src/data/index.js';

const fixture = (file: string): string => fileURLToPath(new URL(`../../test/fixtures/data/${file}`, import.meta.url));

test('ARFF: nominal and numeric attributes, quotes, comments and ? missing values', async () => {
  const dataset = await loadDataset(fixture('weather.arff'));
  assert.deepEqual(dataset.featureNames, [
    'outlook=sunny', 'outlook=overcast', 'outlook=rainy', 'outlook=?',
    'temperature', 'relative humidity', 'windy=TRUE', 'windy=FALSE',
  ]);
  assert.deepEqual(Array.from(dataset.features), [
    1, 0, 0, 0, 85, 85, 0, 1,
    0, 1, 0, 0, 83, 85, 0, 1, // humidity '?' → median(85, 96, 80) = 85
    0, 0, 1, 0, 70, 96, 1, 0,
    0, 0, 0, 1, 68, 80, 0, 1,
  ]);
  // Declared order of the nominal label, not sorted.
  assert.deepEqual(dataset.classNames, ['yes', 'no']);
  assert.deepEqual(Array.from(dataset.labels), [1, 0, 0, 1]);
  assert.equal(dataset.encoding?.labelColumn, 'play');
});

test('ARFF: a value outside the declared nominal set names the line and attribute', () => {
  const path = fixture('bad-nominal.arff');
  return assert.rejects(loadDataset(path), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.equal(error.message, `${path} line 7, column "colour": "blue" is not one of the declared values {red,green}`);
    return true;
  });
});

test('ARFF: wrong field count, non-numeric numeric value and unsupported types are DataErrors with lines', () => {
  const head = '@relation r\n@attribute x numeric\n@attribute c {a,b}\n@data\n';
  assert.throws(() => parseArff(`${head}1,a\n2\n`, 'r.arff', 'r'), /^DataError: r\.arff line 6: expected 2 fields, found 1$/);
  assert.throws(() => parseArff(`${head}1,a\nbig,b\n`, 'r.arff', 'r'), /r\.arff line 6, column "x": expected a number, found "big"/);
  assert.throws(() => parseArff('@relation r\n@attribute d date\n@data\n', 'r.arff', 'r'), /r\.arff line 2: attribute "d" has type "date"/);
  assert.throws(() => parseArff(`${head}{0 1, 1 a}\n`, 'r.arff', 'r'), /r\.arff line 5: sparse ARFF rows are not supported/);
  assert.throws(() => parseArff('@relation r\n@attribute x numeric\n', 'r.arff', 'r'), /r\.arff: no @data section/);
});

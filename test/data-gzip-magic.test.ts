import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../src/core/index.js';
import { loadCsv } from '../src/data/index.js';
import { tempDir } from './fixtures/run/cli.js';

test('a file named .csv.gz that is not gzip is refused in one line; a real gzip loads', () => {
  const dir = tempDir('gzip-magic');
  const text = 'a,label\n1,x\n2,y\n';
  const fake = join(dir, 'plain.csv.gz');
  writeFileSync(fake, text);
  assert.throws(
    () => loadCsv(fake),
    (e: Error) => e instanceof DataError && e.message === `${fake}: named .gz but not gzip data (no 1f 8b magic bytes); compress it with gzip, or drop .gz from the name if it is plain text`,
  );
  const real = join(dir, 'real.csv.gz');
  writeFileSync(real, gzipSync(text));
  assert.deepEqual(Array.from(loadCsv(real).labels), [0, 1]);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../src/core/index.js';
import { idxToDataset, loadIdx, parseIdx } from '../src/data/index.js';

/** Two 2×3 ubyte images: magic 00 00 08 03, dims 2, 2, 3, then 12 pixels. */
const IMAGES = Uint8Array.from([
  0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
  0, 51, 102, 153, 204, 255,
  255, 0, 0, 0, 0, 255,
]);
/** Two labels: magic 00 00 08 01, dim 2, then 1, 0. */
const LABELS = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);

test('IDX: plain and gzipped files decode to the same dims and bytes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-idx-'));
  writeFileSync(join(dir, 'images-idx3-ubyte'), IMAGES);
  writeFileSync(join(dir, 'images-idx3-ubyte.gz'), gzipSync(IMAGES));
  for (const file of ['images-idx3-ubyte', 'images-idx3-ubyte.gz']) {
    const images = loadIdx(join(dir, file));
    assert.deepEqual(images.dims, [2, 2, 3]);
    assert.deepEqual(Array.from(images.data), Array.from(IMAGES.subarray(16)));
  }
});

test('IDX: images become [h, w, 1] examples scaled to [0, 1]', () => {
  const dataset = idxToDataset(parseIdx(IMAGES, 'i'), parseIdx(LABELS, 'l'), 'tiny', ['zero', 'one'], { images: 'i', labels: 'l' });
  assert.deepEqual(dataset.exampleShape, [2, 3, 1]);
  assert.deepEqual(Array.from(dataset.features), [0, 0.2, 0.4, 0.6, 0.8, 1, 1, 0, 0, 0, 0, 1].map(Math.fround));
  assert.deepEqual(Array.from(dataset.labels), [1, 0]);
  assert.deepEqual(dataset.featureNames, ['pixel_0_0', 'pixel_0_1', 'pixel_0_2', 'pixel_1_0', 'pixel_1_1', 'pixel_1_2']);
});

test('IDX: a truncated file names the file and the byte offset where data ran out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-idx-'));
  const short = IMAGES.subarray(0, 25);
  writeFileSync(join(dir, 'short'), short);
  const expected = (path: string) => (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.equal(
      error.message,
      `${path}: truncated IDX file: data ran out at byte offset 25, expected 28 bytes for dimensions [2, 2, 3]`,
    );
    return true;
  };
  assert.throws(() => loadIdx(join(dir, 'short')), expected(join(dir, 'short')));
  // A gzip stream cut short: decoded bytes are checked the same way.
  const gz = gzipSync(short);
  writeFileSync(join(dir, 'short.gz'), gz.subarray(0, gz.length - 8));
  assert.throws(() => loadIdx(join(dir, 'short.gz')), expected(join(dir, 'short.gz')));
  assert.throws(() => parseIdx(IMAGES.subarray(0, 10), 'h'), /h: truncated IDX file: data ran out at byte offset 10 while reading 3 dimensions/);
  assert.throws(() => parseIdx(Uint8Array.from([1, 2, 8, 1]), 'm'), /m: not an IDX file/);
});

test('IDX: label count must match image count', () => {
  const oneLabel = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 1, 0]);
  assert.throws(
    () => idxToDataset(parseIdx(IMAGES, 'i'), parseIdx(oneLabel, 'l'), 't', ['a', 'b'], { images: 'i', labels: 'l' }),
    /l: 1 labels for 2 images in i/,
  );
});

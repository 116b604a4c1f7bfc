import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../src/core/index.js';
import { fashionMnistSearchDirs, loadDataset, prepareData } from '../src/data/index.js';

function withDataDir<T>(dir: string, body: () => Promise<T>): Promise<T> {
  const before = process.env.MULTIHOP_DATA_DIR;
  process.env.MULTIHOP_DATA_DIR = dir;
  return body().finally(() => {
    if (before === undefined) delete process.env.MULTIHOP_DATA_DIR;
    else process.env.MULTIHOP_DATA_DIR = before;
  });
}

/** IDX ubyte bytes: magic 00 00 08 ndims, big-endian dims, data. */
function idx(dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt8(8, 2);
  header.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/** Runs `body` with HOME and the system datasets folder pointing at empty folders. */
async function withoutInstalledCopies<T>(body: (home: string, system: string) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'multihop-home-'));
  const system = mkdtempSync(join(tmpdir(), 'multihop-system-'));
  const before = { HOME: process.env.HOME, MULTIHOP_SYSTEM_DATASETS: process.env.MULTIHOP_SYSTEM_DATASETS };
  process.env.HOME = home;
  process.env.MULTIHOP_SYSTEM_DATASETS = system;
  try {
    return await body(home, system);
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('fashion-mnist absent: one DataError saying where it looked and how to get it', async () => {
  // Also on a machine that has it installed: HOME and the system folder point at empty folders.
  await withoutInstalledCopies(async (home, system) => {
    assert.equal(homedir(), home);
    const others = [join(home, '.cache', 'multihop', 'fashion-mnist'), join(system, 'fashion-mnist')];
    const empty = mkdtempSync(join(tmpdir(), 'multihop-empty-'));
    await withDataDir(empty, async () => {
      await assert.rejects(loadDataset('fashion-mnist'), (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.equal(
          error.message,
          `fashion-mnist: IDX files not found; looked in ${join(empty, 'fashion-mnist')}, ${others.join(', ')}. ` +
            `Install them with 'apt-get install dataset-fashion-mnist', or download the four .gz files from ` +
            `https://github.com/zalandoresearch/fashion-mnist (data/fashion) into ~/.cache/multihop/fashion-mnist ` +
            `(or $MULTIHOP_DATA_DIR/fashion-mnist)`,
        );
        return true;
      });
    });
  });
});

test('fashion-mnist: train then official test rows, and the split keeps the official test set', async () => {
  const root = mkdtempSync(join(tmpdir(), 'multihop-fm-'));
  const dir = join(root, 'fashion-mnist');
  mkdirSync(dir);
  // 20 training images of 2×2 (labels 0..9 twice), 3 test images; pixel value = image index.
  const trainLabels = Array.from({ length: 20 }, (_, i) => i % 10);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(idx([20, 2, 2], trainLabels.flatMap((_, i) => [i, i, i, i]))));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([20], trainLabels)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([3, 2, 2], [255, 255, 255, 255, 0, 0, 0, 0, 51, 51, 51, 51]));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(idx([3], [9, 0, 4])));
  await withDataDir(root, async () => {
    assert.equal(fashionMnistSearchDirs()[0], dir);
    const dataset = await loadDataset('fashion-mnist');
    assert.equal(dataset.officialTestStart, 20);
    assert.equal(dataset.labels.length, 23);
    assert.deepEqual(dataset.exampleShape, [2, 2, 1]);
    assert.equal(dataset.classNames[9], 'Ankle boot');
    assert.deepEqual(Array.from(dataset.labels.subarray(20)), [9, 0, 4]);
    const data = prepareData(dataset, { seed: 0, trainFraction: 0.6, validationFraction: 0.2, standardise: 'none' });
    // Official test rows, in order; the 20 training rows split 3:1 (0.6 : 0.2), one per class in validation.
    assert.deepEqual(Array.from(data.test.labels), [9, 0, 4]);
    assert.deepEqual(Array.from(data.test.features), [1, 1, 1, 1, 0, 0, 0, 0, 0.2, 0.2, 0.2, 0.2].map(Math.fround));
    assert.equal(data.train.count, 15);
    assert.equal(data.validation.count, 5);
  });
});

test('fashion-mnist: an incomplete directory names the missing files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'multihop-fm-'));
  mkdirSync(join(root, 'fashion-mnist'));
  writeFileSync(join(root, 'fashion-mnist', 'train-labels-idx1-ubyte.gz'), gzipSync(idx([1], [0])));
  await withDataDir(root, () =>
    assert.rejects(loadDataset('fashion-mnist'), /fashion-mnist: .*fashion-mnist is incomplete, missing train-images-idx3-ubyte\.gz, t10k-images-idx3-ubyte\.gz, t10k-labels-idx1-ubyte\.gz/),
  );
});

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../core/index.js';
import { hashDataset } from './dataset-hash.js';
import { idxToDataset, loadIdx } from './idx-loader.js';
import type { LoadedDataset } from './loaded-dataset.js';

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, arXiv:1708.07747; MIT licence, Zalando SE): 28×28
 * grey images of 10 clothing classes, 60 000 training + 10 000 test. Not shipped with multihop:
 * read from the first directory holding the four IDX files (plain or .gz).
 */

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/**
 * Where Fashion-MNIST is looked for, in order: `$MULTIHOP_DATA_DIR/fashion-mnist`,
 * `~/.cache/multihop/fashion-mnist`, `/usr/share/datasets/fashion-mnist` (Debian's
 * `dataset-fashion-mnist` package; `$MULTIHOP_SYSTEM_DATASETS` replaces `/usr/share/datasets`).
 * Read at call time, so the environment can change.
 */
export function fashionMnistSearchDirs(): string[] {
  const dirs: string[] = [];
  const fromEnv = process.env.MULTIHOP_DATA_DIR;
  if (fromEnv) dirs.push(join(fromEnv, 'fashion-mnist'));
  dirs.push(join(homedir(), '.cache', 'multihop', 'fashion-mnist'));
  dirs.push(join(process.env.MULTIHOP_SYSTEM_DATASETS || '/usr/share/datasets', 'fashion-mnist'));
  return dirs;
}

/** The path of `base` in `dir`, gzipped or plain, or null. */
function findFile(dir: string, base: string): string | null {
  for (const candidate of [join(dir, `${base}.gz`), join(dir, base)]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Loads the official train set followed by the official test set as one dataset;
 * `officialTestStart` (60 000) marks the first test row so `prepareData` keeps it as the test split.
 */
export function loadFashionMnist(): LoadedDataset {
  const dirs = fashionMnistSearchDirs();
  for (const dir of dirs) {
    const paths = Object.fromEntries(
      Object.entries(FILES).map(([key, base]) => [key, findFile(dir, base)]),
    ) as Record<keyof typeof FILES, string | null>;
    const found = Object.values(paths).filter((p) => p !== null).length;
    if (found === 0) continue;
    if (found < 4) {
      const missing = Object.entries(paths).filter(([, p]) => p === null).map(([k]) => `${FILES[k as keyof typeof FILES]}.gz`);
      throw new DataError(`fashion-mnist: ${dir} is incomplete, missing ${missing.join(', ')}`);
    }
    const p = paths as Record<keyof typeof FILES, string>;
    const train = idxToDataset(loadIdx(p.trainImages), loadIdx(p.trainLabels), 'fashion-mnist', FASHION_MNIST_CLASSES, {
      images: p.trainImages,
      labels: p.trainLabels,
    });
    const test = idxToDataset(loadIdx(p.testImages), loadIdx(p.testLabels), 'fashion-mnist', FASHION_MNIST_CLASSES, {
      images: p.testImages,
      labels: p.testLabels,
    });
    if (train.exampleShape.join() !== test.exampleShape.join()) {
      throw new DataError(`fashion-mnist: train images are [${train.exampleShape}] but test images are [${test.exampleShape}]`);
    }
    const features = new Float32Array(train.features.length + test.features.length);
    features.set(train.features);
    features.set(test.features, train.features.length);
    const labels = new Int32Array(train.labels.length + test.labels.length);
    labels.set(train.labels);
    labels.set(test.labels, train.labels.length);
    return {
      ...train,
      features,
      labels,
      hash: hashDataset(train.exampleShape, features, labels),
      officialTestStart: train.labels.length,
    };
  }
  throw new DataError(
    `fashion-mnist: IDX files not found; looked in ${dirs.join(', ')}. ` +
      `Install them with 'apt-get install dataset-fashion-mnist', or download the four .gz files from ` +
      `https://github.com/zalandoresearch/fashion-mnist (data/fashion) into ~/.cache/multihop/fashion-mnist ` +
      `(or $MULTIHOP_DATA_DIR/fashion-mnist)`,
  );
}

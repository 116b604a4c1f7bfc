import type { Dataset } from '../core/index.js';

/**
 * A Dataset as the loaders return it. `officialTestStart`, when set, is the index of the first row
 * of an official test set appended after the training rows (Fashion-MNIST: 60 000); `prepareData`
 * then uses exactly those rows as the test split and splits only the rows before it into
 * train/validation. Every plain `Dataset` is a `LoadedDataset`.
 */
export interface LoadedDataset extends Dataset {
  officialTestStart?: number;
}

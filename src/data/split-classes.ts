import { DataError } from '../core/index.js';
import type { LoadedDataset } from './loaded-dataset.js';

/**
 * The class checks `prepareData` makes before anything trains: a label column with fewer than two
 * classes cannot train a classifier (KD then fails inside TF.js), and a class missing from a part
 * of the split makes that part's accuracy and the teacher signal meaningless, or leaves a part
 * empty with a message that hides why.
 */

function labelColumnOf(dataset: LoadedDataset): string {
  return dataset.encoding ? ` in its label column "${dataset.encoding.labelColumn}"` : '';
}

/** Refuses a dataset whose labels hold fewer than two classes. */
export function checkTwoClasses(dataset: LoadedDataset): void {
  const counts = new Map<number, number>();
  for (const label of dataset.labels) counts.set(label, (counts.get(label) ?? 0) + 1);
  if (counts.size >= 2) return;
  const only = [...counts.entries()].map(([c, n]) => `"${dataset.classNames[c]}", ${n} row${n === 1 ? '' : 's'}`);
  const what = only.length === 0 ? 'no labelled rows' : `only one class (${only[0]})`;
  throw new DataError(
    `'${dataset.name}' has ${what}${labelColumnOf(dataset)}; a classifier needs at least two classes: check that --label names the class column`,
  );
}

/** Row indices per class in each part of a split, before they are gathered. */
export interface SplitByClass {
  train: number[][];
  /** Absent when not checked: with an official test set (see checkClassesInEveryPart). */
  validation?: number[][];
  /** Test row indices (any class order); absent when not checked. */
  test?: number[];
  /** Present when the split reserves a root share. */
  rootTrain?: number[][];
}

/**
 * Refuses a split in which a class that has rows is missing from a part (train, validation, test,
 * and rootTrain when reserved). Names the smallest such class, its row count and where its rows
 * went, and how many other classes are as short. A dataset with an official test set passes no
 * `validation` or `test`: its test rows are given, not cut, and its validation rows are a
 * proportional cut of the whole training pool, so only train (and the root share) are checked.
 */
export function checkClassesInEveryPart(dataset: LoadedDataset, parts: SplitByClass): void {
  const numClasses = dataset.classNames.length;
  const testByClass = new Array<number>(numClasses).fill(0);
  for (const row of parts.test ?? []) testByClass[dataset.labels[row]]++;
  const counts = (c: number) => ({
    train: parts.train[c].length,
    ...(parts.validation ? { validation: parts.validation[c].length } : {}),
    ...(parts.test ? { test: testByClass[c] } : {}),
    ...(parts.rootTrain ? { rootTrain: parts.rootTrain[c].length } : {}),
  });
  const short: Array<{ c: number; total: number; parts: Record<string, number> }> = [];
  for (let c = 0; c < numClasses; c++) {
    const perPart = counts(c);
    const total = Object.values(perPart).reduce((a, b) => a + b, 0);
    if (total > 0 && Object.values(perPart).some((n) => n === 0)) short.push({ c, total, parts: perPart });
  }
  if (short.length === 0) return;
  short.sort((a, b) => a.total - b.total || a.c - b.c);
  const first = short[0];
  const where = Object.entries(first.parts).map(([part, n]) => `${part} ${n}`).join(', ');
  const others = short.length > 1 ? `; ${short.length - 1} more of the ${numClasses} classes have too few rows as well` : '';
  const partNames = Object.keys(first.parts).join(', ').replace('rootTrain', 'the root share');
  throw new DataError(
    `'${dataset.name}': class "${dataset.classNames[first.c]}" has ${first.total} row${first.total === 1 ? '' : 's'}, too few to appear in every part of the split (${where})${others}; ` +
      `every class needs rows in ${partNames}: add rows, drop or merge the small classes, or change the split fractions`,
  );
}

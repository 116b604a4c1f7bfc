import { ConfigError, createRng, deriveSeed, type PreparedData, type SplitPart, type SplitSettings } from '../core/index.js';
import type { LoadedDataset } from './loaded-dataset.js';
import { checkClassesInEveryPart, checkTwoClasses } from './split-classes.js';

/**
 * Stratified, seeded train / validation / test splits and per-feature standardisation.
 *
 * - Stratified: every class (n rows) is shuffled with `createRng(seed)` and cut separately:
 *   round(n·train) rows to train, round(n·(train+validation)) − that to validation, the rest to
 *   test, so every class is within one example of its proportion in every part (part totals may
 *   differ from N·fraction by a few rows).
 * - `officialTestStart` (Fashion-MNIST): the rows from there on are the test split, untouched; the
 *   rows before it are split into train and validation in the ratio trainFraction : validationFraction.
 * - `maxTrain`: a stratified subsample of the training split, exactly `maxTrain` rows (largest
 *   remainder per class, and at least one row of every class the split holds), applied before
 *   `rootShare`.
 * - `rootShare`: round(share × train rows), stratified the same way, moves to `rootTrain` (disjoint).
 * - Standardisation: mean and population std per feature over the training split (train ∪ rootTrain,
 *   never validation or test); a feature with std 0 gets std 1. Applied to every part.
 * - Classes: fewer than two, or a class missing from a part (train, validation, test, and rootTrain
 *   when reserved), is a DataError naming the class and its row count (see split-classes.ts).
 * - `splitOf` (the user's `--split-column`): the parts are the user's rows, train / validation /
 *   test as given, and the fractions do not apply; maxTrain and rootShare still cut the training
 *   part. Only the training part must hold every class.
 * Rows inside each part are shuffled (an rng per part, derived from the seed), except the
 * official or user test rows, which keep their order.
 */

/** seed 0, 60% train, 20% validation, 20% test, no root share, per-feature standardisation. */
export const defaultSplitSettings: Readonly<SplitSettings> = Object.freeze({
  seed: 0,
  trainFraction: 0.6,
  validationFraction: 0.2,
  rootShare: 0,
  standardise: 'per-feature',
});

function validateSettings(split: SplitSettings, hasOfficialTest: boolean): void {
  const { trainFraction: t, validationFraction: v, rootShare, maxTrain, seed, standardise } = split;
  if (!Number.isInteger(seed)) throw new ConfigError(`split.seed must be an integer, got ${seed}`);
  if (!(t > 0 && t < 1)) throw new ConfigError(`split.trainFraction must be in (0, 1), got ${t}`);
  if (!(v > 0 && v < 1)) throw new ConfigError(`split.validationFraction must be in (0, 1), got ${v}`);
  if (!hasOfficialTest && !(t + v < 1)) {
    throw new ConfigError(`split.trainFraction + split.validationFraction must be < 1 to leave a test split, got ${t + v}`);
  }
  if (!(rootShare >= 0 && rootShare < 1)) throw new ConfigError(`split.rootShare must be in [0, 1), got ${rootShare}`);
  if (maxTrain !== undefined && !(Number.isInteger(maxTrain) && maxTrain > 0)) {
    throw new ConfigError(`split.maxTrain must be a positive integer, got ${maxTrain}`);
  }
  if (standardise !== 'per-feature' && standardise !== 'none') {
    throw new ConfigError(`split.standardise must be 'per-feature' or 'none', got ${String(standardise)}`);
  }
}

/**
 * Splits `total` among groups in proportion to `sizes` (largest remainder; ties to the lower
 * index), never giving a group more than its size.
 */
export function proportionalQuota(sizes: number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum === 0) return sizes.map(() => 0);
  const exact = sizes.map((n) => (n * total) / sum);
  const quota = exact.map(Math.floor);
  let left = total - quota.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => i).sort((a, b) => exact[b] - quota[b] - (exact[a] - quota[a]) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    if (quota[i] < sizes[i]) {
      quota[i]++;
      left--;
    }
  }
  return quota;
}

/**
 * {@link proportionalQuota} that keeps at least one row of every non-empty group while `total`
 * allows: a rare class must not vanish from a subsample (maxTrain) while its rows remain in the
 * validation and test parts. Each row given to a group that rounded to 0 is taken from the group
 * with the largest quota.
 */
function quotaKeepingEveryGroup(sizes: number[], total: number): number[] {
  const quota = proportionalQuota(sizes, total);
  for (let g = 0; g < sizes.length; g++) {
    if (sizes[g] === 0 || quota[g] > 0) continue;
    const donor = quota.reduce((best, q, i) => (q > quota[best] ? i : best), 0);
    if (quota[donor] <= 1) break;
    quota[donor]--;
    quota[g] = 1;
  }
  return quota;
}

/** Takes, from each class list, the first `quota[c]` indices; returns [taken per class, rest per class]. */
function takeFirst(byClass: number[][], quota: number[]): [number[][], number[][]] {
  return [byClass.map((idx, c) => idx.slice(0, quota[c])), byClass.map((idx, c) => idx.slice(quota[c]))];
}

function countOf(byClass: number[][]): number {
  return byClass.reduce((a, idx) => a + idx.length, 0);
}

/** The rows `indices` of a row-major table of features and labels, as a contiguous part. */
export function gatherPart(dataset: Pick<SplitPart, 'features' | 'labels'>, indices: number[], width: number): SplitPart {
  const features = new Float32Array(indices.length * width);
  const labels = new Int32Array(indices.length);
  indices.forEach((row, i) => {
    features.set(dataset.features.subarray(row * width, (row + 1) * width), i * width);
    labels[i] = dataset.labels[row];
  });
  return { features, labels, count: indices.length };
}

/** Interleaves the classes of one part; each part has its own rng so that, e.g., `rootShare` does not reorder validation. */
function flattenShuffled(byClass: number[][], seed: number, part: string): number[] {
  return createRng(deriveSeed(seed, part)).shuffle(byClass.flat());
}

/** Per-feature mean and population std over the given parts; std 0 becomes 1. */
function fitStandardisation(parts: SplitPart[], width: number): { mean: Float32Array; std: Float32Array } {
  const sum = new Float64Array(width);
  let count = 0;
  for (const part of parts) {
    for (let i = 0; i < part.features.length; i++) sum[i % width] += part.features[i];
    count += part.count;
  }
  const mean = sum.map((s) => s / Math.max(count, 1));
  const squares = new Float64Array(width);
  for (const part of parts) {
    for (let i = 0; i < part.features.length; i++) {
      const d = part.features[i] - mean[i % width];
      squares[i % width] += d * d;
    }
  }
  const std = squares.map((s) => Math.sqrt(s / Math.max(count, 1)) || 1);
  return { mean: Float32Array.from(mean), std: Float32Array.from(std) };
}

/** Standardises row-major `features` in place: (x - mean) / std per feature. */
export function standardiseInPlace(features: Float32Array, standardisation: { mean: Float32Array; std: Float32Array }): void {
  const width = standardisation.mean.length;
  for (let i = 0; i < features.length; i++) {
    const f = i % width;
    features[i] = (features[i] - standardisation.mean[f]) / standardisation.std[f];
  }
}

/**
 * Splits a dataset into stratified train / validation / test parts (plus `rootTrain` when
 * `rootShare` > 0) and standardises them with training statistics. Same settings and data, same
 * parts, on every platform. Missing settings take `defaultSplitSettings`.
 */
export function prepareData(dataset: LoadedDataset, settings: Partial<SplitSettings> = {}): PreparedData {
  const split: SplitSettings = { ...defaultSplitSettings, ...settings };
  const total = dataset.labels.length;
  const officialTestStart = dataset.officialTestStart;
  const hasOfficialTest = officialTestStart !== undefined && officialTestStart < total;
  if (hasOfficialTest && dataset.splitOf) throw new ConfigError(`'${dataset.name}' has an official test set; a split column cannot apply to it`);
  validateSettings(split, hasOfficialTest || dataset.splitOf !== undefined);
  checkTwoClasses(dataset);
  const width = dataset.features.length / Math.max(total, 1);
  const numClasses = dataset.classNames.length;
  const rng = createRng(split.seed);

  const poolEnd = hasOfficialTest ? officialTestStart : total;
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < poolEnd; i++) byClass[dataset.labels[i]].push(i);
  for (const idx of byClass) rng.shuffle(idx);
  const sizes = byClass.map((idx) => idx.length);

  let trainByClass: number[][];
  let validationByClass: number[][];
  let testIndices: number[];
  const userSplit = dataset.splitOf;
  if (userSplit) {
    // The user's parts, as given; the fractions do not apply. Rows stay shuffled within a class, so
    // maxTrain and rootShare still take random rows of the user's training part.
    const part = (code: number) => byClass.map((idx) => idx.filter((row) => userSplit[row] === code));
    trainByClass = part(0);
    validationByClass = part(1);
    testIndices = [];
    for (let row = 0; row < total; row++) if (userSplit[row] === 2) testIndices.push(row);
  } else if (hasOfficialTest) {
    const share = split.trainFraction / (split.trainFraction + split.validationFraction);
    [trainByClass, validationByClass] = takeFirst(byClass, proportionalQuota(sizes, Math.round(poolEnd * share)));
    testIndices = Array.from({ length: total - poolEnd }, (_, i) => poolEnd + i);
  } else {
    // Cumulative rounding per class keeps every part within one example of its share of the class.
    const trainQuota = sizes.map((n) => Math.round(n * split.trainFraction));
    const trainValidationQuota = sizes.map((n) => Math.round(n * (split.trainFraction + split.validationFraction)));
    let rest: number[][];
    [trainByClass, rest] = takeFirst(byClass, trainQuota);
    let testByClass: number[][];
    [validationByClass, testByClass] = takeFirst(rest, trainValidationQuota.map((q, c) => q - trainQuota[c]));
    testIndices = flattenShuffled(testByClass, split.seed, 'test');
  }

  if (split.maxTrain !== undefined && split.maxTrain < countOf(trainByClass)) {
    [trainByClass] = takeFirst(trainByClass, quotaKeepingEveryGroup(trainByClass.map((idx) => idx.length), split.maxTrain));
  }
  let rootByClass: number[][] = trainByClass.map(() => []);
  if (split.rootShare > 0) {
    const rootQuota = proportionalQuota(
      trainByClass.map((idx) => idx.length),
      Math.round(countOf(trainByClass) * split.rootShare),
    );
    [rootByClass, trainByClass] = takeFirst(trainByClass, rootQuota);
  }

  checkClassesInEveryPart(dataset, {
    train: trainByClass,
    // A given test set (official or the user's) may lack a class; only what the run cuts is checked.
    ...(hasOfficialTest || userSplit ? {} : { validation: validationByClass, test: testIndices }),
    ...(split.rootShare > 0 ? { rootTrain: rootByClass } : {}),
  });

  const train = gatherPart(dataset, flattenShuffled(trainByClass, split.seed, 'train'), width);
  const validation = gatherPart(dataset, flattenShuffled(validationByClass, split.seed, 'validation'), width);
  const test = gatherPart(dataset, testIndices, width);
  const rootTrain = gatherPart(dataset, flattenShuffled(rootByClass, split.seed, 'root'), width);
  for (const [partName, part] of [['train', train], ['validation', validation], ['test', test]] as const) {
    if (part.count === 0) {
      throw new ConfigError(
        userSplit
          ? `the split column of '${dataset.name}' gives no row to the ${partName} part; mark some rows '${partName}'`
          : `split leaves the ${partName} part of '${dataset.name}' (${total} rows) empty; change the fractions`,
      );
    }
  }

  let standardisation: PreparedData['standardisation'] = null;
  if (split.standardise === 'per-feature') {
    standardisation = fitStandardisation([train, rootTrain], width);
    for (const part of [train, validation, test, rootTrain]) standardiseInPlace(part.features, standardisation);
  }

  return {
    name: dataset.name,
    hash: dataset.hash,
    exampleShape: [...dataset.exampleShape],
    numClasses,
    classNames: [...dataset.classNames],
    featureNames: [...dataset.featureNames],
    train,
    validation,
    test,
    rootTrain,
    standardisation,
    split,
  };
}

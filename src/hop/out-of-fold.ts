/**
 * Cross-fitted teacher logits: a model fitted on a row is overconfident there, so the logits a
 * teacher gives its own training rows are sharper than on new rows, and a student distilled from
 * them learns little beyond the hard labels. Out of fold, each training row's logits come from a
 * copy of the teacher's arch trained without that row: the train split is cut into `folds`
 * stratified folds (seeded), and fold k is predicted by a model trained on the other folds, with
 * the same settings, validation split (early stopping) and seed as the teacher.
 */
import { ConfigError, createRng, deriveSeed, type Arch, type PreparedData, type TrainSettings } from '../core/index.js';
import { gatherPart } from '../data/split.js';
import type { TrainingRuntime } from '../models/index.js';

/** Probabilities this small are read as this value before taking their log. */
const MIN_PROBABILITY = 1e-12;

/** Fold of every train row: classes shuffled apart and dealt round-robin, so each fold is stratified. */
export function stratifiedFolds(labels: Int32Array, folds: number, seed: number): Int32Array {
  const fold = new Int32Array(labels.length);
  const byClass = new Map<number, number[]>();
  labels.forEach((label, row) => {
    const rows = byClass.get(label) ?? [];
    rows.push(row);
    byClass.set(label, rows);
  });
  const rng = createRng(deriveSeed(seed, 'signal-folds'));
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of rng.shuffle(byClass.get(label)!)) fold[row] = next++ % folds;
  }
  return fold;
}

/**
 * Train-split logits (log-probabilities, count × classes) of `arch`, each row predicted by a model
 * that did not train on it.
 * @throws ConfigError when a fold would leave a class out of training (too few rows for `folds`)
 */
export async function outOfFoldLogits(
  data: PreparedData,
  arch: Arch,
  runtime: Pick<TrainingRuntime, 'train'>,
  crossFit: { folds: number; settings: TrainSettings },
  seed: number,
): Promise<Float32Array> {
  const { folds, settings } = crossFit;
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const classes = data.numClasses;
  const foldOf = stratifiedFolds(data.train.labels, folds, seed);
  const logits = new Float32Array(data.train.count * classes);
  for (let k = 0; k < folds; k++) {
    const held: number[] = [];
    const kept: number[] = [];
    for (let row = 0; row < data.train.count; row++) (foldOf[row] === k ? held : kept).push(row);
    const train = gatherPart(data.train, kept, width);
    if (new Set(train.labels).size < new Set(data.train.labels).size) {
      throw new ConfigError(`signalFolds ${folds}: fold ${k + 1} leaves a class with no training row; use fewer folds`);
    }
    // The held-out fold is the fold model's "test" part: it reads its probabilities and nothing else.
    const foldData: PreparedData = { ...data, train, test: gatherPart(data.train, held, width), rootTrain: undefined };
    const { probabilities } = await runtime.train(foldData, arch, settings, {}, seed);
    held.forEach((row, i) => {
      for (let c = 0; c < classes; c++) logits[row * classes + c] = Math.log(Math.max(probabilities.test[i * classes + c], MIN_PROBABILITY));
    });
  }
  return logits;
}

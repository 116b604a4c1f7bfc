/**
 * Per-node tuning (`training.tune`): a node is trained once per combination of the listed
 * settings and the combination with the best validation accuracy is kept. The choice reads the
 * validation split only; the test metrics of the losing trials are discarded unread.
 */
import { ConfigError, type MethodParams, type TrainResult, type TrainSettings, type TuneGrid } from '../core/index.js';

/** Most trainings one node may cost: a grid larger than this is refused when the space is read. */
export const MAX_TUNE_TRIALS = 24;

const TUNED_KEYS = ['learningRate', 'weightDecay', 'maxEpochs', 'minSamplesLeaf'] as const satisfies ReadonlyArray<keyof TuneGrid>;
const SETTING_KEYS = ['learningRate', 'weightDecay', 'maxEpochs'] as const satisfies ReadonlyArray<keyof TuneGrid & keyof TrainSettings>;

/** One training of a tuned node: its settings, and the arch field a tree family varies. */
export type Trial = TrainSettings & { minSamplesLeaf?: number };

/** The arch a trial trains: `arch` with the trial's minSamplesLeaf when it has one. */
export function trialArch<A extends object>(arch: A, trial: Trial): A {
  return trial.minSamplesLeaf === undefined ? arch : { ...arch, minSamplesLeaf: trial.minSamplesLeaf };
}

/** The training settings of a trial, without the arch field. */
export function trialSettings(trial: Trial): TrainSettings {
  const { minSamplesLeaf: _leaf, ...settings } = trial;
  return settings;
}

/**
 * The settings of every trial, in grid order (learning rate slowest); one trial without a grid.
 * Only the settings in `tunable` (what the node's family reads) are varied.
 */
export function tuneTrials(settings: TrainSettings, tunable: ReadonlyArray<keyof TuneGrid> = TUNED_KEYS): Trial[] {
  const { tune, ...base } = settings;
  let trials: Trial[] = [base];
  for (const key of TUNED_KEYS) {
    const values = tunable.includes(key) ? tune?.[key] : undefined;
    if (!values || values.length === 0) continue;
    trials = trials.flatMap((trial) => values.map((value) => ({ ...trial, [key]: value })));
  }
  if (trials.length > MAX_TUNE_TRIALS) {
    throw new ConfigError(`training.tune asks for ${trials.length} trainings per node; at most ${MAX_TUNE_TRIALS}: shorten its lists`);
  }
  return trials;
}

/** Whether trial result `a` beats `b`: higher validation accuracy, then lower validation loss. */
export function betterTrial(a: Pick<TrainResult, 'validation'>, b: Pick<TrainResult, 'validation'>): boolean {
  if (a.validation.accuracy !== b.validation.accuracy) return a.validation.accuracy > b.validation.accuracy;
  return a.validation.loss < b.validation.loss;
}

/**
 * What the node records of its tuning, beside the method's parameters: the chosen value of each
 * tuned setting (`train.learningRate`, …) and the number of trainings it cost (`train.trials`).
 */
export function tunedParams(settings: TrainSettings, chosen: Trial, trials: number, tunable: ReadonlyArray<keyof TuneGrid>): MethodParams {
  const params: MethodParams = { 'train.trials': trials };
  for (const key of TUNED_KEYS) if (tunable.includes(key) && settings.tune?.[key]?.length) params[`train.${key}`] = chosen[key] ?? 0;
  return params;
}

/**
 * The settings a node was trained with: `settings` without its grid (and without `signalFolds`,
 * which is no training setting of the copies), with each tuned value the node recorded.
 */
export function chosenSettings(settings: TrainSettings, params: MethodParams): TrainSettings {
  const { tune: _tune, signalFolds: _folds, ...base } = settings;
  const chosen: TrainSettings = { ...base };
  for (const key of SETTING_KEYS) {
    const value = params[`train.${key}`];
    if (typeof value === 'number') chosen[key] = value;
  }
  return chosen;
}

/**
 * What every pure-TypeScript family runtime (tree, forest, linear, gbt) shares: the rows a fit
 * trains on (the split, per-example weights, the KD target mixture, extra rows), metrics and probabilities,
 * TrainResult assembly, the output probe, and the JSON model file.
 */
export {
  PROBABILITY_FLOOR,
  argmaxRow,
  logSumExp,
  logitsOf,
  softmaxRow,
  softmaxRows,
  splitMetrics,
  targetDistribution,
  trueLabelConfidence,
} from './class-targets.js';
export { epochRecord, fitSetup, outputProbe, pureTrainResult, trainedSplit, trainingRows, type FitSetup, type PredictFn, type TrainingRows } from './fit-inputs.js';
export { checkExtraRows, checkExtraRowsCombination, withExtraRows } from './extra-rows.js';
export { loadJsonModel, saveJsonModel, type JsonModel } from './json-model-file.js';

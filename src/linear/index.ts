/**
 * The linear family's runtime (multinomial logistic regression by L-BFGS), and the parts every
 * pure-TypeScript family runtime shares: target distributions (KD mixture), metrics, the training
 * rows, TrainResult assembly, the output probe and the JSON model file.
 */
export { linearRuntime, LINEAR_MAX_ITERATIONS } from './linear-runtime.js';
export { minimiseLbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs.js';
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
export { epochRecord, fitSetup, outputProbe, pureTrainResult, trainedSplit, trainingRows, type FitSetup, type PredictFn, type TrainingRows } from './pure-training.js';
export { loadJsonModel, saveJsonModel, type JsonModel } from './json-model-file.js';

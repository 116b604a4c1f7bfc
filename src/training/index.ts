/**
 * Training one node: the loop (Adam, seeded batches, per-example weights, KD soft targets, early
 * stopping), the KD loss, and moving trained weights in and out of TF.js models.
 */
export { trainNode, type TrainNodeOptions } from './train-node.js';
export { crossEntropy, kdLoss } from './kd-loss.js';
export { loadWeights, modelFromWeights, serialiseWeights } from './model-weights.js';
export { PREDICT_BATCH, evaluateSplit, metricsFromProbabilities, predictLogits, predictProbabilities } from './predict.js';

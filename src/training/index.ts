/**
 * Training one network node and everything else of the networks: the loop (Adam, seeded batches,
 * per-example weights, KD soft targets, early stopping) in the fused native step or TF.js, the KD
 * loss, building network models, teacher signals and their probes, moving weights in and out of
 * TF.js models, and layers-model files. Reached by the rest of the program through
 * `ModelFamily.trainingRuntime()` and `runtime()` (network-training.ts, network-runtime.ts).
 * This index loads TF.js; a worker that must not imports the modules it needs directly.
 */
export { trainNode } from './train-node.js';
export { fusedStepUnavailable, FUSED_STEP_ENV } from './fused-mlp-step.js';
export { crossEntropy, kdLoss } from './kd-loss.js';
export { buildModel, representationLayers } from './network-builder.js';
export { computeTeacherSignal } from './teacher-signal.js';
export { trainLinearProbes } from './teacher-signal-tfjs.js';
export type { ProbeActivations } from './teacher-signal-tfjs.js';
export { modelFromWeights } from './model-weights.js';
export { predictProbabilities } from './predict.js';
export { fileLoadHandler } from './layers-model-files.js';

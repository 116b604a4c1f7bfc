/**
 * Model families (docs/design.md §2, §5.3): the `families` registry and what every caller asks of an arch
 * (validation, label, canonical form, complexity). Pure: no TF.js is loaded until a family's
 * `runtime()` is called, or a network's `trainingRuntime()` trains a model the fused step cannot.
 */
export type { FamilyKey, FamilyRuntime, LoadedModel, ModelFamily, ReadableFeatures, ScaleTarget, TeacherSignalOptions, TrainingRuntime, TrainOptions, TreeShape } from './model-family.js';
export { archSchema, validateArch } from './arch-schema.js';
export { archLabel, canonicalArch, complexityOf, families, familyKeys, familyOf, sameArch, storedComplexity } from './family-registry.js';
export { ARCH_DEFAULTS } from './network-arch.js';
export { cnnStages, imageShapeOf } from './cnn-geometry.js';
export { TREE_MODEL_FILE } from './tree-family.js';
export { FOREST_MODEL_FILE, forestFeaturesPerSplit } from './forest-family.js';
export { LINEAR_DEFAULTS, linearFamily } from './linear-family.js';
export { GBT_DEFAULTS, GBT_MAX_DEPTH, gbtFamily } from './gbt-family.js';

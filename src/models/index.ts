/**
 * Model architectures: validating specs, counting their complexity, building TF.js models.
 */
export { validateArch } from './arch-schema.js';
export { ARCH_DEFAULTS, archLabel, canonicalArch, sameArch } from './arch-defaults.js';
export { complexityOf, imageShapeOf } from './arch-complexity.js';
export { buildModel, representationLayers } from './model-builder.js';

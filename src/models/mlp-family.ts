import { z } from 'zod';
import type { MlpArch } from '../core/index.js';
import type { FamilyRuntime, ModelFamily, TrainingRuntime } from './model-family.js';
import {
  NETWORK_EXPORT_FILES,
  activationField,
  canonicalNetworkFields,
  denseStackCost,
  dropoutField,
  interpolateDepth,
  layerWidths,
  networkLabelSuffix,
  resampleWidths,
  scaleWidths,
} from './network-arch.js';

const mlpSchema: z.ZodType<MlpArch> = z
  .object({
    family: z.literal('mlp'),
    hidden: layerWidths,
    activation: activationField,
    dropout: dropoutField,
  })
  .strict();

/**
 * Multi-layer perceptrons: dense `hidden` layers, then a linear logits layer; `mlp[]` is
 * multinomial logistic regression. Takes any example shape, flattened.
 */
export const mlpFamily: ModelFamily<MlpArch> = {
  key: 'mlp',
  description: 'multi-layer perceptron (dense hidden layers; mlp[] is logistic regression)',
  exportFiles: NETWORK_EXPORT_FILES,
  schema: mlpSchema,

  canonical(arch) {
    return { family: 'mlp', hidden: [...arch.hidden], ...canonicalNetworkFields(arch) };
  },

  /** `mlp[64-32]`, `mlp[]`, then `/tanh`, `/drop0.25` when not the defaults. */
  label(arch) {
    return `mlp[${arch.hidden.join('-')}]${networkLabelSuffix(arch)}`;
  },

  /**
   * params = weights + biases of every dense layer, logits included; FLOPs = 2 × multiply-adds
   * (bias additions, activations, dropout and softmax ignored); bytes = 4 × params (float32).
   */
  complexity(arch, exampleShape, numClasses) {
    const features = exampleShape.reduce((a, b) => a * b, 1);
    const { params, multiplyAdds } = denseStackCost(features, arch.hidden, numClasses);
    return { params, flops: 2 * multiplyAdds, bytes: 4 * params };
  },

  denseWidths(arch) {
    return arch.hidden;
  },

  /**
   * The number of hidden layers is interpolated linearly between the teacher's and the target's
   * (at least one); the teacher's width profile (an mlp target's when the teacher has none) is
   * resampled to that depth and scaled by the multiplier.
   */
  scaledBetween(teacher, target, fraction) {
    const depth = interpolateDepth(teacher.hidden.length, target.denseWidths?.length ?? 0, fraction, 1);
    const targetHidden = target.arch.family === 'mlp' ? target.arch.hidden : [];
    const profile = resampleWidths(teacher.hidden.length > 0 ? teacher.hidden : targetHidden, depth);
    return (multiplier) => ({ ...teacher, hidden: scaleWidths(profile, multiplier) });
  },

  constructionSeed: { family: 'mlp', hidden: [32] },
  tunable: ['learningRate', 'weightDecay', 'maxEpochs'],

  runsOnBackend: true,

  async runtime() {
    const { networkRuntime } = await import('../training/network-runtime.js');
    return networkRuntime as FamilyRuntime<MlpArch>;
  },

  async trainingRuntime() {
    const { networkTraining } = await import('../training/network-training.js');
    return networkTraining as TrainingRuntime<MlpArch>;
  },
};

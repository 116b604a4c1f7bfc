import { z } from 'zod';
import type { LinearArch } from '../core/index.js';
import type { FamilyRuntime, ModelFamily } from './model-family.js';

/** Defaults of the optional linear arch fields. */
export const LINEAR_DEFAULTS = { l2: 1e-4 };

const linearSchema: z.ZodType<LinearArch> = z
  .object({
    family: z.literal('linear'),
    l2: z
      .number({ invalid_type_error: 'expected an L2 penalty (a number ≥ 0)' })
      .min(0, { message: 'expected an L2 penalty (a number ≥ 0)' })
      .finite({ message: 'expected an L2 penalty (a number ≥ 0)' })
      .optional(),
  })
  .strict();

/**
 * Multinomial logistic regression with an L2 penalty on the coefficients, fitted to convergence
 * by full-batch L-BFGS (src/linear). Takes any example shape, flattened.
 */
export const linearFamily: ModelFamily<LinearArch> = {
  key: 'linear',
  description: 'multinomial logistic regression with L2, fitted by L-BFGS (readable coefficients)',
  exportFiles: ['linear-model.json'],
  schema: linearSchema,

  canonical(arch) {
    return { family: 'linear', l2: arch.l2 ?? LINEAR_DEFAULTS.l2 };
  },

  /** `linear`, then `/l2=0.01` when the penalty is not the default. */
  label(arch) {
    const l2 = arch.l2 ?? LINEAR_DEFAULTS.l2;
    return l2 === LINEAR_DEFAULTS.l2 ? 'linear' : `linear/l2=${l2}`;
  },

  /** params = (features + 1) × classes (coefficients and intercepts); FLOPs = 2 × features × classes; bytes = 4 × params. */
  complexity(_arch, exampleShape, numClasses) {
    const features = exampleShape.reduce((a, b) => a * b, 1);
    const params = (features + 1) * numClasses;
    return { params, flops: 2 * features * numClasses, bytes: 4 * params };
  },

  /** One size per dataset: nothing to scale, so no intermediates are constructed (and no construction seed). */
  scaledBetween() {
    return null;
  },

  runsOnBackend: false,

  async runtime() {
    const { linearRuntime } = await import('../linear/linear-runtime.js');
    return linearRuntime as FamilyRuntime<LinearArch>;
  },
};

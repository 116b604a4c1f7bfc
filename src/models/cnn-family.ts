import { z } from 'zod';
import type { CnnArch } from '../core/index.js';
import { cnnStages, resolveConvBlock } from './cnn-geometry.js';
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
  positiveInt,
  resampleWidths,
  scaleWidths,
} from './network-arch.js';

const convBlockSchema = z
  .object({
    filters: positiveInt(),
    kernel: positiveInt(),
    stride: positiveInt().optional(),
    padding: z
      .enum(['same', 'valid'], { errorMap: () => ({ message: "expected 'same' or 'valid'" }) })
      .optional(),
    pool: positiveInt().optional(),
  })
  .strict();

const cnnSchema: z.ZodType<CnnArch> = z
  .object({
    family: z.literal('cnn'),
    convs: z
      .array(convBlockSchema, {
        invalid_type_error: 'expected an array of conv blocks',
        required_error: 'expected an array of conv blocks',
      })
      .min(1, { message: 'expected at least one conv block' }),
    dense: layerWidths,
    activation: activationField,
    dropout: dropoutField,
  })
  .strict();

/**
 * Convolutional networks: conv blocks (conv → activation → optional max-pool), flatten, dense
 * layers, linear logits. Reads flat examples as images (see `imageShapeOf`).
 */
export const cnnFamily: ModelFamily<CnnArch> = {
  key: 'cnn',
  description: 'convolutional network (conv blocks with optional pooling, then dense layers)',
  exportFiles: NETWORK_EXPORT_FILES,
  schema: cnnSchema,

  canonical(arch) {
    return { family: 'cnn', convs: arch.convs.map(resolveConvBlock), dense: [...arch.dense], ...canonicalNetworkFields(arch) };
  },

  /**
   * `cnn[c32k3p2-c64k3p2|d128]`: conv blocks read `c<filters>k<kernel>`, then `s<stride>` when
   * not 1, `p<pool>` when pooling and `:same` for 'same' padding; `|d…` lists dense widths.
   * Non-default activation and dropout follow as `/tanh`, `/drop0.25`.
   */
  label(arch) {
    const convs = arch.convs.map((block) => {
      const r = resolveConvBlock(block);
      return (
        `c${r.filters}k${r.kernel}` +
        (r.stride !== 1 ? `s${r.stride}` : '') +
        (r.pool > 1 ? `p${r.pool}` : '') +
        (r.padding === 'same' ? ':same' : '')
      );
    });
    return `cnn[${convs.join('-')}${arch.dense.length > 0 ? `|d${arch.dense.join('-')}` : ''}]${networkLabelSuffix(arch)}`;
  },

  /**
   * params = weights + biases of every conv and dense layer (logits included); FLOPs = 2 ×
   * multiply-adds, a conv layer costing outH·outW·k²·inChannels·filters (bias additions,
   * activations, pooling, dropout and softmax ignored); bytes = 4 × params (float32).
   */
  complexity(arch, exampleShape, numClasses) {
    const stages = cnnStages(arch, exampleShape);
    let params = 0;
    let multiplyAdds = 0;
    for (const s of stages) {
      const kernelSize = s.block.kernel * s.block.kernel * s.inChannels;
      params += kernelSize * s.block.filters + s.block.filters;
      multiplyAdds += s.convHeight * s.convWidth * kernelSize * s.block.filters;
    }
    const last = stages[stages.length - 1];
    const dense = denseStackCost(last.outHeight * last.outWidth * last.block.filters, arch.dense, numClasses);
    params += dense.params;
    multiplyAdds += dense.multiplyAdds;
    return { params, flops: 2 * multiplyAdds, bytes: 4 * params };
  },

  denseWidths(arch) {
    return arch.dense;
  },

  /**
   * The teacher's conv blocks keep their kernels, strides and pools (the geometry); filters and
   * dense widths are scaled by the multiplier, and the number of dense layers is interpolated
   * when the target is a cnn too.
   */
  scaledBetween(teacher, target, fraction) {
    const denseDepth =
      target.arch.family === 'cnn'
        ? interpolateDepth(teacher.dense.length, target.arch.dense.length, fraction, 0)
        : teacher.dense.length;
    const denseProfile = resampleWidths(teacher.dense, denseDepth);
    const filters = teacher.convs.map((block) => block.filters);
    return (multiplier) => {
      const scaled = scaleWidths(filters, multiplier);
      return {
        ...teacher,
        convs: teacher.convs.map((block, i) => ({ ...block, filters: scaled[i] })),
        dense: scaleWidths(denseProfile, multiplier),
      };
    };
  },

  constructionSeed: { family: 'cnn', convs: [{ filters: 8, kernel: 3, pool: 2 }], dense: [32] },
  tunable: ['learningRate', 'weightDecay', 'maxEpochs'],

  runsOnBackend: true,

  async runtime() {
    const { networkRuntime } = await import('../training/network-runtime.js');
    return networkRuntime as FamilyRuntime<CnnArch>;
  },

  async trainingRuntime() {
    const { networkTraining } = await import('../training/network-training.js');
    return networkTraining as TrainingRuntime<CnnArch>;
  },
};

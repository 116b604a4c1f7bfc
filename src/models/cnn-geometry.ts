/**
 * The geometry of a cnn: the image shape it reads flat examples as, and the sizes through its
 * conv blocks (as TF.js computes them).
 */
import { ConfigError } from '../core/index.js';
import type { CnnArch, ConvBlock } from '../core/index.js';
import { ARCH_DEFAULTS } from './network-arch.js';

/** A conv block with every optional field filled in. */
export type ResolvedConvBlock = Required<ConvBlock>;

export function resolveConvBlock(block: ConvBlock): ResolvedConvBlock {
  return {
    filters: block.filters,
    kernel: block.kernel,
    stride: block.stride ?? ARCH_DEFAULTS.stride,
    padding: block.padding ?? ARCH_DEFAULTS.padding,
    pool: block.pool ?? ARCH_DEFAULTS.pool,
  };
}

/**
 * The image shape [height, width, channels] a CNN sees for examples of `exampleShape`:
 * [h, w, c] as is, [h, w] as [h, w, 1], and a flat [n] with n a perfect square (784, 64) as
 * [√n, √n, 1]. Anything else is a ConfigError.
 */
export function imageShapeOf(exampleShape: number[]): [number, number, number] {
  if (exampleShape.length === 3) return [exampleShape[0], exampleShape[1], exampleShape[2]];
  if (exampleShape.length === 2) return [exampleShape[0], exampleShape[1], 1];
  if (exampleShape.length === 1) {
    const side = Math.round(Math.sqrt(exampleShape[0]));
    if (side * side === exampleShape[0]) return [side, side, 1];
  }
  throw new ConfigError(
    `cnn needs image examples: shape [${exampleShape.join(', ')}] is neither [h, w, c] nor a flat square [n·n]; use an mlp for this dataset`,
  );
}

/** One conv block's geometry: input and output sizes of the conv and of its pool. */
export interface ConvStage {
  block: ResolvedConvBlock;
  inChannels: number;
  /** Spatial size after the conv. */
  convHeight: number;
  convWidth: number;
  /** Spatial size after the pool (equal to the conv's when pool is 1). */
  outHeight: number;
  outWidth: number;
}

function convOut(size: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(size / stride) : Math.floor((size - kernel) / stride) + 1;
}

/** Sizes through every conv block, as TF.js computes them (pool stride = pool size, 'valid'). */
export function cnnStages(arch: CnnArch, exampleShape: number[]): ConvStage[] {
  let [height, width, channels] = imageShapeOf(exampleShape);
  return arch.convs.map((raw, i) => {
    const block = resolveConvBlock(raw);
    const convHeight = convOut(height, block.kernel, block.stride, block.padding);
    const convWidth = convOut(width, block.kernel, block.stride, block.padding);
    const outHeight = Math.floor(convHeight / block.pool);
    const outWidth = Math.floor(convWidth / block.pool);
    if (outHeight < 1 || outWidth < 1) {
      throw new ConfigError(
        `cnn conv block ${i}: a ${height}×${width} input shrinks to nothing (kernel ${block.kernel}, stride ${block.stride}, ` +
          `${block.padding} padding, pool ${block.pool}); use fewer blocks, 'same' padding or smaller kernels`,
      );
    }
    const stage = { block, inChannels: channels, convHeight, convWidth, outHeight, outWidth };
    [height, width, channels] = [outHeight, outWidth, block.filters];
    return stage;
  });
}

/**
 * What the two TF.js network families (mlp, cnn) share: activation and dropout fields, their
 * defaults, the label suffix, counting dense layers, and resampling width profiles.
 */
import { z } from 'zod';
import type { Activation } from '../core/index.js';

/** Defaults applied to optional arch fields (Keras's: stride 1, 'valid' padding, no pooling). */
export const ARCH_DEFAULTS = {
  activation: 'relu' as Activation,
  dropout: 0,
  stride: 1,
  padding: 'valid' as const,
  pool: 1,
};

export const positiveInt = (what = 'a positive integer') =>
  z.number({ invalid_type_error: `expected ${what}`, required_error: `expected ${what}` })
    .int({ message: `expected ${what}` })
    .positive({ message: `expected ${what}` });

export const layerWidths = z.array(positiveInt(), {
  invalid_type_error: 'expected an array of layer widths (positive integers)',
  required_error: 'expected an array of layer widths (positive integers)',
});

export const activationField = z
  .enum(['relu', 'tanh', 'elu', 'sigmoid'], {
    errorMap: () => ({ message: "expected one of 'relu', 'tanh', 'elu', 'sigmoid'" }),
  })
  .optional();

export const dropoutField = z
  .number({ invalid_type_error: 'expected a dropout rate in [0, 1)' })
  .min(0, { message: 'expected a dropout rate in [0, 1)' })
  .lt(1, { message: 'expected a dropout rate in [0, 1)' })
  .optional();

/** The fields every network arch shares. */
interface NetworkFields {
  activation?: Activation;
  dropout?: number;
}

/** Activation and dropout with their defaults filled in. */
export function canonicalNetworkFields(arch: NetworkFields): { activation: Activation; dropout: number } {
  return { activation: arch.activation ?? ARCH_DEFAULTS.activation, dropout: arch.dropout ?? ARCH_DEFAULTS.dropout };
}

/** Non-default activation and dropout as a label suffix: `/tanh`, `/drop0.25`. */
export function networkLabelSuffix(arch: NetworkFields): string {
  const { activation, dropout } = canonicalNetworkFields(arch);
  return (activation !== ARCH_DEFAULTS.activation ? `/${activation}` : '') + (dropout > 0 ? `/drop${dropout}` : '');
}

/** Parameters and multiply-adds of dense layers of `widths` then a `numClasses` logits layer. */
export function denseStackCost(features: number, widths: number[], numClasses: number): { params: number; multiplyAdds: number } {
  let params = 0;
  let multiplyAdds = 0;
  for (const width of [...widths, numClasses]) {
    params += features * width + width;
    multiplyAdds += features * width;
    features = width;
  }
  return { params, multiplyAdds };
}

/** Layer count between `from` and `to` at position `fraction`, at least `min`. */
export function interpolateDepth(from: number, to: number, fraction: number, min: number): number {
  return Math.max(min, Math.round((1 - fraction) * from + fraction * to));
}

/** `profile` resampled to `length` layers by linear interpolation over relative depth. */
export function resampleWidths(profile: number[], length: number): number[] {
  if (length === 0) return [];
  if (profile.length === 0) return new Array<number>(length).fill(1);
  return Array.from({ length }, (_, i) => {
    const t = length === 1 ? 0 : (i / (length - 1)) * (profile.length - 1);
    const lo = Math.floor(t);
    const hi = Math.min(profile.length - 1, Math.ceil(t));
    return profile[lo] + (profile[hi] - profile[lo]) * (t - lo);
  });
}

/** Every width × `multiplier`, rounded, at least 1. */
export function scaleWidths(profile: number[], multiplier: number): number[] {
  return profile.map((width) => Math.max(1, Math.round(width * multiplier)));
}

/** What a network's runtime writes into an export folder: a TF.js layers model (training/layers-model-files.ts). */
export const NETWORK_EXPORT_FILES: readonly string[] = ['model.json', 'weights.bin'];

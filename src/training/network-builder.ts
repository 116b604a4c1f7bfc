import * as tf from '../backend/tfjs.js';
import { deriveSeed } from '../core/index.js';
import type { NetworkArch } from '../core/index.js';
import { ARCH_DEFAULTS, cnnStages, imageShapeOf } from '../models/index.js';

/**
 * Builds an untrained TF.js model for `arch`.
 *
 * Input: every model takes FLAT examples, `[batch, prod(exampleShape)]` (the row-major layout
 * of `Dataset.features`); a cnn starts with a `reshape` layer to its image shape (see
 * `imageShapeOf`: [h, w, c] as is, a flat square [n·n] as [n, n, 1]).
 * Output: LOGITS from a linear Dense(numClasses) named `logits` (no softmax: the loss applies it).
 * Layers: mlp `hidden_i` (+ `dropout_i`); cnn `reshape`, `conv_i`, `pool_i` (when pool > 1),
 * `flatten`, `dense_i` (+ `dropout_i`), `logits`. Kernels are glorotUniform seeded by
 * `deriveSeed(seed, layerName)`, biases zero, so the same seed gives the same initial weights.
 */
export function buildModel(arch: NetworkArch, exampleShape: number[], numClasses: number, seed: number): tf.Sequential {
  const activation = arch.activation ?? ARCH_DEFAULTS.activation;
  const rate = arch.dropout ?? ARCH_DEFAULTS.dropout;
  const flatSize = exampleShape.reduce((a, b) => a * b, 1);
  const init = (name: string) => tf.initializers.glorotUniform({ seed: deriveSeed(seed, name) });
  const model = tf.sequential({ name: 'model' });
  let first = true;
  // Only the first layer carries the input shape.
  const inputShape = (): { inputShape?: number[] } => {
    if (!first) return {};
    first = false;
    return { inputShape: [flatSize] };
  };

  const denseStack = (widths: number[], prefix: 'hidden' | 'dense'): void => {
    widths.forEach((units, i) => {
      const name = `${prefix}_${i}`;
      model.add(tf.layers.dense({ ...inputShape(), units, activation, kernelInitializer: init(name), name }));
      if (rate > 0) {
        model.add(tf.layers.dropout({ rate, seed: deriveSeed(seed, `dropout_${i}`), name: `dropout_${i}` }));
      }
    });
  };

  if (arch.family === 'mlp') {
    denseStack(arch.hidden, 'hidden');
  } else {
    model.add(tf.layers.reshape({ ...inputShape(), targetShape: imageShapeOf(exampleShape), name: 'reshape' }));
    cnnStages(arch, exampleShape).forEach(({ block }, i) => {
      const name = `conv_${i}`;
      model.add(
        tf.layers.conv2d({
          filters: block.filters,
          kernelSize: block.kernel,
          strides: block.stride,
          padding: block.padding,
          activation,
          kernelInitializer: init(name),
          name,
        }),
      );
      if (block.pool > 1) {
        model.add(tf.layers.maxPooling2d({ poolSize: block.pool, strides: block.pool, padding: 'valid', name: `pool_${i}` }));
      }
    });
    model.add(tf.layers.flatten({ name: 'flatten' }));
    denseStack(arch.dense, 'dense');
  }
  model.add(tf.layers.dense({ ...inputShape(), units: numClasses, kernelInitializer: init('logits'), name: 'logits' }));
  return model;
}

/**
 * Names of the layers whose outputs are the hidden representations ProfWeight probes, in order,
 * logits excluded: every `hidden_i` / `dense_i` (its output is after the activation), and for each
 * conv block its `pool_i` when it pools, else its `conv_i`.
 */
export function representationLayers(model: tf.LayersModel): string[] {
  const names = model.layers.map((layer) => layer.name);
  const present = new Set(names);
  return names.filter((name) => {
    if (/^(hidden|dense|pool)_\d+$/.test(name)) return true;
    const conv = /^conv_(\d+)$/.exec(name);
    return conv !== null && !present.has(`pool_${conv[1]}`);
  });
}

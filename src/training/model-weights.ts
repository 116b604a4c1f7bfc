import * as tf from '../backend/tfjs.js';
import { isDeepStrictEqual } from 'node:util';
import { DataError, type NetworkArch, type ModelWeights } from '../core/index.js';
import { buildModel } from './network-builder.js';

/** Copies a model's weights (in `getWeights()` order) into one float32 array. */
export function serialiseWeights(weights: tf.Tensor[]): ModelWeights {
  const shapes = weights.map((w) => [...w.shape]);
  const total = weights.reduce((n, w) => n + w.size, 0);
  const values = new Float32Array(total);
  let offset = 0;
  for (const w of weights) {
    values.set(w.dataSync() as Float32Array, offset);
    offset += w.size;
  }
  return { shapes, values };
}

/** Loads serialised weights into `model` (shapes must match its `getWeights()` order). */
export function loadWeights(model: tf.LayersModel, weights: ModelWeights): void {
  const expected = model.getWeights().map((w) => w.shape);
  if (!isDeepStrictEqual(expected, weights.shapes)) {
    throw new DataError(
      `stored weights have shapes ${JSON.stringify(weights.shapes)} but the architecture needs ${JSON.stringify(expected)}`,
    );
  }
  const total = weights.shapes.reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0);
  if (total !== weights.values.length) {
    throw new DataError(`stored weights hold ${weights.values.length} values but their shapes need ${total}`);
  }
  let offset = 0;
  const tensors = weights.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(weights.values.subarray(offset, offset + size), shape, 'float32');
    offset += size;
    return tensor;
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/** Rebuilds a trained model from its architecture and serialised weights. */
export function modelFromWeights(
  arch: NetworkArch,
  exampleShape: number[],
  numClasses: number,
  weights: ModelWeights,
): tf.LayersModel {
  const model = buildModel(arch, exampleShape, numClasses, 0);
  try {
    loadWeights(model, weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

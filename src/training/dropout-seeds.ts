import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../core/index.js';

type SeededLayer = tf.layers.Layer & { seed?: number };

/**
 * Dropout layers of `model`. TF.js's Dropout draws its mask from the layer's fixed `seed`, so a
 * seeded layer applies the SAME mask at every step; {@link reseedDropout} gives it a fresh seed per
 * step instead, drawn from the training run's own seeded stream (reproducible, and the layer
 * stays a plain Dropout, so exported models load in stock TF.js).
 */
export function dropoutLayers(model: tf.LayersModel): SeededLayer[] {
  return model.layers.filter((layer) => layer.getClassName() === 'Dropout') as SeededLayer[];
}

/** Draws a new mask seed for every dropout layer; call once before each training step. */
export function reseedDropout(layers: SeededLayer[], rng: Rng): void {
  for (const layer of layers) layer.seed = rng.int(2 ** 31);
}

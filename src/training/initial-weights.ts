/**
 * The initial weights `buildModel` (network-builder.ts) gives an mlp without dropout, in
 * `getWeights()` order, without TF.js: each kernel drawn as TF.js's glorotUniform initializer
 * draws it, each bias zero. That initializer calls tf.randomUniform over ±√(3 / max(1, (fanIn +
 * fanOut) / 2)) seeded by `deriveSeed(seed, layerName)`, which draws min + range · alea(String(seed))
 * per value in float64 into a float32 buffer (tfjs-core's UniformRandom, with the seedrandom
 * package it depends on, used here too). The fused dense step starts from these; building the
 * layers model only to read them back cost several times more. test/training-initial-weights.test.ts
 * checks them bit for bit against buildModel's.
 */
import { createRequire } from 'node:module';
import { deriveSeed, type MlpArch, type ModelWeights } from '../core/index.js';

const require = createRequire(import.meta.url);
const { alea } = require('seedrandom') as { alea(seed: string): () => number };

/** The `getWeights()` shapes of an mlp of layer widths `widths` (inputs … classes): kernel [in, out] then bias [out] per dense layer. */
export function mlpWeightShapes(widths: number[]): number[][] {
  return widths.slice(1).flatMap((units, l) => [[widths[l], units], [units]]);
}

export function initialMlpWeights(arch: MlpArch, inputs: number, numClasses: number, seed: number): ModelWeights {
  const widths = [inputs, ...arch.hidden, numClasses];
  const names = [...arch.hidden.map((_, i) => `hidden_${i}`), 'logits'];
  const shapes = mlpWeightShapes(widths);
  const values = new Float32Array(shapes.reduce((n, shape) => n + shape.reduce((a, b) => a * b, 1), 0));
  let offset = 0;
  names.forEach((name, l) => {
    const [fanIn, fanOut] = [widths[l], widths[l + 1]];
    // VarianceScaling (scale 1, fanAvg, uniform), in its own order of operations.
    let scale = 1;
    scale /= Math.max(1, (fanIn + fanOut) / 2);
    const limit = Math.sqrt(3 * scale);
    const [min, range] = [-limit, limit - -limit];
    const random = alea(String(deriveSeed(seed, name)));
    const kernel = values.subarray(offset, offset + fanIn * fanOut);
    for (let i = 0; i < kernel.length; i++) kernel[i] = min + range * random();
    offset += fanIn * fanOut + fanOut;
  });
  return { shapes, values };
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { NetworkArch as Arch } from '../src/core/index.js';
import { complexityOf } from '../src/models/index.js';
import { buildModel, representationLayers } from '../src/training/index.js';

await tf.setBackend('cpu');

const cnn: Arch = {
  family: 'cnn',
  convs: [
    { filters: 4, kernel: 3, pool: 2 },
    { filters: 6, kernel: 3, stride: 2, padding: 'same' },
  ],
  dense: [12, 8],
  dropout: 0.25,
};

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

test('countParams equals complexityOf().params', () => {
  const cases: Array<[Arch, number[], number]> = [
    [{ family: 'mlp', hidden: [] }, [30], 2],
    [{ family: 'mlp', hidden: [16, 8], dropout: 0.5 }, [30], 2],
    [{ family: 'mlp', hidden: [10] }, [8, 8, 1], 10],
    [cnn, [64], 10],
    [{ family: 'cnn', convs: [{ filters: 8, kernel: 3, pool: 2 }, { filters: 16, kernel: 3, pool: 2 }], dense: [32] }, [28, 28, 1], 10],
    [{ family: 'cnn', convs: [{ filters: 5, kernel: 5, stride: 2, padding: 'same' }], dense: [] }, [7, 9, 2], 3],
  ];
  for (const [arch, shape, classes] of cases) {
    const model = buildModel(arch, shape, classes, 1);
    assert.equal(model.countParams(), complexityOf(arch, shape, classes).params, JSON.stringify(arch));
    model.dispose();
  }
});

test('flat input, logits output, predictable names', () => {
  const model = buildModel(cnn, [64], 3, 1);
  assert.deepEqual(model.inputs[0].shape, [null, 64]);
  assert.deepEqual(model.outputs[0].shape, [null, 3]);
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ['reshape', 'conv_0', 'pool_0', 'conv_1', 'flatten', 'dense_0', 'dropout_0', 'dense_1', 'dropout_1', 'logits'],
  );
  assert.deepEqual(representationLayers(model), ['pool_0', 'conv_1', 'dense_0', 'dense_1']);
  // linear logits: not a probability vector
  const out = tf.tidy(() => (model.predict(tf.randomNormal([4, 64], 0, 3, 'float32', 5)) as tf.Tensor).sum(1).arraySync() as number[]);
  assert.ok(out.some((s) => Math.abs(s - 1) > 1e-3));
  model.dispose();

  const mlp = buildModel({ family: 'mlp', hidden: [5, 4] }, [6], 2, 1);
  assert.deepEqual(mlp.layers.map((l) => l.name), ['hidden_0', 'hidden_1', 'logits']);
  assert.deepEqual(representationLayers(mlp), ['hidden_0', 'hidden_1']);
  assert.equal(mlp.getLayer('logits').getConfig().activation, 'linear');
  mlp.dispose();
  const logistic = buildModel({ family: 'mlp', hidden: [] }, [6], 2, 1);
  assert.deepEqual(representationLayers(logistic), []);
  logistic.dispose();
});

test('same seed gives identical initial weights, another seed different ones', () => {
  const a = buildModel(cnn, [64], 3, 7);
  const b = buildModel(cnn, [64], 3, 7);
  const c = buildModel(cnn, [64], 3, 8);
  assert.deepEqual(weightsOf(a), weightsOf(b));
  const [wa, wc] = [weightsOf(a), weightsOf(c)];
  for (let i = 0; i < wa.length; i += 2) assert.notDeepEqual(wa[i], wc[i], `kernel ${i / 2}`);
  // layers of one model differ from each other (per-layer derived seeds)
  const mlp = buildModel({ family: 'mlp', hidden: [4, 4] }, [4], 4, 7);
  const [k0, , k1] = weightsOf(mlp);
  assert.notDeepEqual(k0, k1);
  for (const m of [a, b, c, mlp]) m.dispose();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MlpArch } from '../src/core/index.js';
import { buildModel } from '../src/training/network-builder.js';
import { initialMlpWeights } from '../src/training/initial-weights.js';
import { serialiseWeights } from '../src/training/model-weights.js';

/**
 * The fused dense step starts from initialMlpWeights instead of building the TF.js model: the
 * weights must be buildModel's bit for bit, or every mlp node would change.
 */
test('initialMlpWeights equals buildModel\'s initial weights bit for bit', () => {
  const archs: MlpArch[] = [
    { family: 'mlp', hidden: [] },
    { family: 'mlp', hidden: [8] },
    { family: 'mlp', hidden: [32, 16, 4], activation: 'tanh' },
    { family: 'mlp', hidden: [128, 64] },
  ];
  let compared = 0;
  for (const arch of archs) {
    for (const [inputs, classes] of [[5, 2], [64, 10], [784, 10]]) {
      for (const seed of [0, 1, 12345]) {
        const model = buildModel(arch, [inputs], classes, seed);
        try {
          const expected = serialiseWeights(model.getWeights());
          const got = initialMlpWeights(arch, inputs, classes, seed);
          assert.deepEqual(got.shapes, expected.shapes);
          assert.ok(
            got.values.length === expected.values.length && got.values.every((v, i) => Object.is(v, expected.values[i])),
            `${JSON.stringify(arch)} ${inputs}→${classes} seed ${seed}`,
          );
          compared += got.values.length;
        } finally {
          model.dispose();
        }
      }
    }
  }
  assert.ok(compared > 300_000, `${compared} weights compared`);
  // Different seeds draw different kernels.
  assert.notDeepEqual(initialMlpWeights(archs[1], 5, 2, 0).values, initialMlpWeights(archs[1], 5, 2, 1).values);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web';
import { initBackend } from '../src/backend/index.js';
import { forestRuntime } from '../src/cart/forest-runtime.js';
import { treeRuntime } from '../src/cart/tree-runtime.js';
import type { Arch, PreparedData } from '../src/core/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { linearRuntime } from '../src/linear/index.js';
import type { FamilyRuntime } from '../src/models/index.js';
import { onnxModelBytes } from '../src/onnx/index.js';
import { networkRuntime } from '../src/training/network-runtime.js';

ort.env.wasm.numThreads = 1;
const settings = { maxEpochs: 30, batchSize: 32, learningRate: 0.01, patience: 5 };

/** Breast-cancer prepared as a run prepares it, and the same test rows before standardisation. */
async function breastCancer(): Promise<{ data: PreparedData; rawTest: Float32Array }> {
  const dataset = await loadDataset('breast-cancer');
  const data = prepareData(dataset, { seed: 5 });
  // The split does not depend on standardisation, so the same seed gives the same test rows.
  const rawTest = prepareData(dataset, { seed: 5, standardise: 'none' }).test.features;
  return { data, rawTest };
}

async function runOnnx(bytes: Uint8Array, features: Float32Array, count: number, width: number): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await session.run({ features: new ort.Tensor('float32', features, [count, width]) });
  } finally {
    await session.release();
  }
}

function argmaxRows(probabilities: ArrayLike<number>, classes: number): number[] {
  return Array.from({ length: probabilities.length / classes }, (_, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    return best;
  });
}

const cases: Array<{ arch: Arch; runtime: () => Promise<FamilyRuntime> }> = [
  { arch: { family: 'tree', maxDepth: 4 }, runtime: async () => treeRuntime as FamilyRuntime },
  { arch: { family: 'forest', trees: 15, maxDepth: 5 }, runtime: async () => forestRuntime as FamilyRuntime },
  { arch: { family: 'linear', l2: 0.01 }, runtime: async () => linearRuntime as FamilyRuntime },
  { arch: { family: 'mlp', hidden: [16, 8], activation: 'tanh' }, runtime: async () => networkRuntime as FamilyRuntime },
  { arch: { family: 'mlp', hidden: [12] }, runtime: async () => networkRuntime as FamilyRuntime },
  { arch: { family: 'mlp', hidden: [10], activation: 'elu' }, runtime: async () => networkRuntime as FamilyRuntime },
  { arch: { family: 'mlp', hidden: [6], activation: 'sigmoid' }, runtime: async () => networkRuntime as FamilyRuntime },
];

for (const { arch, runtime: load } of cases) {
  test(`${JSON.stringify(arch)} as ONNX in ONNX Runtime (wasm) gives the model's own test probabilities and stored test accuracy`, async () => {
    await initBackend('cpu', { quiet: true });
    const { data, rawTest } = await breastCancer();
    const runtime = await load();
    const result = await runtime.train(data, arch, settings, {}, 7);
    const width = data.exampleShape[0];
    const classes = data.numClasses;
    const expected = runtime.fromWeights(arch, data.exampleShape, classes, result.weights).predictProbabilities(data.test.features, data.test.count);
    const graph = runtime.onnxGraph!(arch, data.exampleShape, classes, result.weights);

    // The graph alone on standardised rows, and with the run's standardisation in front on raw rows.
    const plain = await runOnnx(onnxModelBytes(graph, { standardisation: null, doc: '', metadata: {} }), data.test.features, data.test.count, width);
    const standardising = await runOnnx(onnxModelBytes(graph, { standardisation: data.standardisation, doc: '', metadata: {} }), rawTest, data.test.count, width);
    for (const outputs of [plain, standardising]) {
      const probabilities = outputs.probabilities.data as Float32Array;
      assert.deepEqual(outputs.probabilities.dims, [data.test.count, classes]);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(probabilities[i] - expected[i]));
      assert.ok(worst <= 1e-5, `largest probability difference ${worst}`);
      const predicted = argmaxRows(probabilities, classes);
      const accuracy = predicted.filter((p, i) => p === data.test.labels[i]).length / data.test.count;
      assert.equal(accuracy, result.test.accuracy);
      if (arch.family === 'tree' || arch.family === 'forest') {
        assert.deepEqual(Array.from(outputs.label.data as BigInt64Array, Number), predicted, 'label is the first most probable class');
      } else {
        assert.equal(outputs.label, undefined);
      }
    }
    assert.ok(result.test.accuracy > 0.85, `a real model (test accuracy ${result.test.accuracy})`);
  });
}

test('a forest\'s ONNX probabilities are the mean of its trees, and a value equal to a threshold goes left', async () => {
  const tree = (left: number[], right: number[]) => ({
    feature: Int32Array.from([0, -1, -1]),
    threshold: Float32Array.from([0.5, 0, 0]),
    left: Int32Array.from([1, 0, 0]),
    right: Int32Array.from([2, 0, 0]),
    value: Float32Array.from([0, 0, 0, ...left, ...right]),
    outputs: 3,
  });
  const { packTrees } = await import('../src/trees/tree-arrays.js');
  const weights = packTrees([tree([1, 0, 0], [0, 0.5, 0.5]), tree([0, 1, 0], [0, 0, 1])]);
  const graph = forestRuntime.onnxGraph!({ family: 'forest', trees: 2, maxDepth: 1 }, [1], 3, weights);
  const outputs = await runOnnx(onnxModelBytes(graph, { standardisation: { mean: [1], std: [2] }, doc: '', metadata: {} }), Float32Array.from([1, 3, 2]), 3, 1);
  // Raw 1 → (1 − 1) / 2 = 0 ≤ 0.5: left leaves; raw 3 → 1 > 0.5: right leaves; raw 2 → exactly 0.5: left.
  assert.deepEqual(Array.from(outputs.probabilities.data as Float32Array), [0.5, 0.5, 0, 0, 0.25, 0.75, 0.5, 0.5, 0]);
  assert.deepEqual(Array.from(outputs.label.data as BigInt64Array, Number), [0, 2, 0], 'a tie goes to the lower class');
});

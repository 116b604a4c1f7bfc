// Trained trees round-trip through packed weights and through the JSON model file to identical
// probabilities; a damaged or mismatched file is one ConfigError line naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Arch } from '../src/core/index.js';
import { families } from '../src/models/index.js';
import { blobData } from './fixtures/training/synthetic-data.js';

const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };
const data = blobData({ dim: 5, numClasses: 3, counts: [120, 30, 40], separation: 1.5 });
const archs: Arch[] = [
  { family: 'tree', maxDepth: 4, maxLeaves: 9, criterion: 'entropy' },
  { family: 'forest', trees: 6, maxDepth: 3 },
];

for (const arch of archs) {
  test(`${arch.family}: weights and model file give back identical probabilities`, async () => {
    const family = families.get(arch.family);
    const runtime = await family.runtime();
    const result = await runtime.train(data, arch, settings, {}, 3);
    const loaded = runtime.fromWeights(arch, data.exampleShape, data.numClasses, result.weights);
    assert.deepEqual(loaded.predictProbabilities(data.test.features, data.test.count), result.probabilities.test);
    const dir = mkdtempSync(join(tmpdir(), 'multihop-tree-file-'));
    try {
      await runtime.saveModel(arch, data.exampleShape, data.numClasses, result.weights, dir);
      const reloaded = await runtime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: data.numClasses });
      assert.deepEqual(reloaded.predictProbabilities(data.test.features, data.test.count), result.probabilities.test);

      const file = join(dir, family.exportFiles[0]);
      const oneLine = (pattern: RegExp) => (error: unknown) => error instanceof ConfigError && pattern.test(error.message) && !error.message.includes('\n');
      await assert.rejects(runtime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 4 }), oneLine(/does not match multihop\.json .*export --force/));
      const json = JSON.parse(readFileSync(file, 'utf8')) as { trees: Array<{ left: number[] }> };
      json.trees[0].left[0] = 0;
      writeFileSync(file, JSON.stringify(json));
      await assert.rejects(runtime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 3 }), oneLine(/tree 0, node 0: children .* are not later nodes/));
      writeFileSync(file, '{"format": "multihop-trees"');
      await assert.rejects(runtime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: 3 }), oneLine(/cannot read a tree model/));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { fileLoadHandler } from '../src/training/index.js';
import { openStore } from '../src/store/index.js';
import { scratchDir, sharedRun } from './fixtures/report/shared-run.js';
import { runCli } from './fixtures/run/cli.js';

/** Accuracy of a logits model on a split, computed here with nothing but tf. */
function accuracyOf(model: tf.LayersModel, features: Float32Array, labels: Int32Array): number {
  const predicted = tf.tidy(() => {
    const x = tf.tensor2d(features, [labels.length, features.length / labels.length]);
    return (model.predict(x) as tf.Tensor2D).argMax(1);
  });
  const classes = predicted.dataSync();
  predicted.dispose();
  let correct = 0;
  labels.forEach((label, i) => {
    if (classes[i] === label) correct++;
  });
  return correct / labels.length;
}

test('an exported model loaded with plain tfjs reproduces the stored test accuracy exactly, for the default and a named node', async () => {
  // The backend the run trained on (the store records it), so float rounding matches too.
  await initBackend(undefined, { quiet: true });
  const { db, runId } = sharedRun();
  const store = openStore(db, { readonly: true });
  const run = store.getRun(runId);
  const nodes = store.listNodes(runId);
  const chains = store.getChains(runId);
  store.close();
  assert.ok(run && chains.some((c) => c.kind === 'multihop'));

  // The test split as the run made it: same file, same stored split settings.
  const data = prepareData(await loadDataset((run.config as { dataset: string }).dataset), run.split);
  const root = nodes.find((n) => n.role === 'root');
  assert.ok(root);
  // Default: the best target model on validation among every seed of the reported chains' targets.
  const targetKeys = chains.flatMap((c) => {
    const links = (c.details as { links: Array<{ nodeKeys: string[] }> }).links;
    return links[links.length - 1].nodeKeys;
  });
  const targets = nodes.filter((n) => targetKeys.includes(n.key));
  assert.ok(targets.length >= 3, 'scratch, 1-hop and multihop targets');
  const bestValidation = Math.max(...targets.map((n) => n.validation?.accuracy ?? -1));

  for (const node of [undefined, root.key]) {
    const dir = join(scratchDir('export'), 'model');
    const cli = runCli(['export', runId, '--db', db, '--out', dir, '--json', ...(node ? ['--node', node] : [])]);
    assert.equal(cli.status, 0, cli.stderr);
    const manifest = JSON.parse(readFileSync(join(dir, 'multihop.json'), 'utf8'));
    const key: string = manifest.nodeKey;
    if (node) {
      assert.equal(key, node);
    } else {
      assert.ok(targetKeys.includes(key), `default ${key} is one of the reported targets`);
      assert.equal(nodes.find((n) => n.key === key)?.validation?.accuracy, bestValidation, 'default is the best target on validation');
    }
    const stored = nodes.find((n) => n.key === key);
    assert.ok(stored?.test);

    const model = await tf.loadLayersModel(fileLoadHandler(dir));
    try {
      assert.equal(accuracyOf(model, data.test.features, data.test.labels), stored.test.accuracy, `test accuracy of ${key}`);
      assert.equal(accuracyOf(model, data.validation.features, data.validation.labels), stored.validation?.accuracy);
    } finally {
      model.dispose();
    }
    // The manifest carries what predicting new rows needs, and the chain ends at the model.
    assert.deepEqual(manifest.preprocessing.classNames, data.classNames);
    assert.deepEqual(manifest.preprocessing.featureNames, data.featureNames);
    assert.deepEqual(Float32Array.from(manifest.preprocessing.standardisation.mean), data.standardisation?.mean);
    assert.equal(manifest.preprocessing.encoding.labelColumn, 'label');
    assert.equal(manifest.chain[manifest.chain.length - 1].key, key);
    assert.equal(manifest.metrics.test, stored.test.accuracy);
  }
});

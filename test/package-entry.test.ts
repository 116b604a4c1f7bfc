import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tempDir } from './fixtures/run/cli.js';

test('the package imported by its name exports search, resume, openStore, loadDataset and the registries, and they work', async () => {
  const multihop = await import('multihop');
  for (const name of ['search', 'resume', 'openStore', 'loadDataset', 'families', 'methods', 'strategies']) {
    assert.ok(name in multihop, `multihop exports ${name}`);
  }
  assert.deepEqual(multihop.families.keys(), ['cnn', 'forest', 'gbt', 'linear', 'mlp', 'tree']);
  assert.equal(multihop.families.get('mlp').label({ family: 'mlp', hidden: [8] }), 'mlp[8]');
  assert.deepEqual(multihop.methods.keys(), ['compression', 'kd', 'profweight', 'scratch', 'sratio']);
  assert.deepEqual(multihop.strategies.keys(), ['beam', 'exhaustive', 'greedy', 'one-hop']);
  const iris = await multihop.loadDataset('iris');
  assert.equal(iris.labels.length, 150);

  const db = join(tempDir('package-entry'), 'runs.db');
  const { run, result } = await multihop.search({ dataset: 'iris', space: 'tiny', seeds: 1 }, { db, workers: 1 });
  assert.equal(run.status, 'done');
  assert.ok(result.scratch && result.oneHop, 'scratch and 1-hop are measured');
  const store = multihop.openStore(db, { readonly: true });
  try {
    assert.equal(store.getRun(run.id)?.status, 'done');
    assert.deepEqual(store.getChains(run.id).map((c) => c.kind).slice(0, 2), ['scratch', 'one-hop']);
  } finally {
    store.close();
  }
  const again = await multihop.resume(run.id, { db, workers: 1 });
  assert.deepEqual(again.result.best?.meanValidation, result.best?.meanValidation, 'resuming a finished run retrains nothing and gives the same chain');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRng, type PreparedData } from '../src/core/index.js';
import { startSearch } from '../src/run/index.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';

/** Permutes the test labels: a search that read them would make different choices. */
function shuffleTestLabels(data: PreparedData): PreparedData {
  const labels = createRng(99).shuffle(Int32Array.from(data.test.labels));
  return { ...data, test: { ...data.test, labels } };
}

test('the controller never reads test labels: shuffling them changes test accuracy, not the chosen chain', async () => {
  const dir = tempDir('test-labels');
  const store = openStore(join(dir, 'runs.db'));
  try {
    const request = { space: 'tiny', workers: 2, methods: ['kd'] };
    const plain = await startSearch(store, request, ['search'], {});
    const shuffled = await startSearch(store, request, ['search'], { transformData: shuffleTestLabels });

    const chainKeys = (result: typeof plain.result) => ({
      scratch: result.scratch?.nodeKeys,
      oneHop: result.oneHop?.best.nodeKeys,
      best: result.best?.links.map((l) => l.nodeKeys),
    });
    assert.deepEqual(chainKeys(shuffled.result), chainKeys(plain.result));
    assert.equal(shuffled.result.best?.meanValidation, plain.result.best?.meanValidation);

    // The nodes really are evaluated on the shuffled labels: test accuracy differs, validation does not.
    const target = (runId: string) => store.getNode(runId, plain.result.best!.links.at(-1)!.nodeKeys[0])!;
    const a = target(plain.run.id);
    const b = target(shuffled.run.id);
    assert.equal(a.validation?.accuracy, b.validation?.accuracy);
    assert.notEqual(a.test?.accuracy, b.test?.accuracy);
    const chainTest = (runId: string) => store.getChains(runId).map((c) => c.testAccuracy);
    assert.notDeepEqual(chainTest(shuffled.run.id), chainTest(plain.run.id));
  } finally {
    store.close();
  }
});

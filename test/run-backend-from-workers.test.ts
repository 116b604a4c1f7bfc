import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '../src/core/index.js';
import { startSearch } from '../src/run/index.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';

test('a backend the pool\'s workers cannot start is one BackendError, and no run is recorded', async () => {
  const dir = tempDir('backend-refused');
  const store = openStore(join(dir, 'runs.db'));
  try {
    await assert.rejects(startSearch(store, { space: 'tiny', workers: 1, backend: 'tensorflow' }, ['search']), (error: unknown) => {
      assert.ok(error instanceof BackendError, String(error));
      assert.match(error.message, /^backend 'tensorflow' is unavailable \(.*\); install @tensorflow\/tfjs-node or choose another/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    assert.deepEqual(store.listRuns(), []);
  } finally {
    store.close();
  }
});

test('a search on the local pool records the backend its workers started, and its own thread never loads TF.js', () => {
  const dir = tempDir('backend-workers');
  const runModule = fileURLToPath(new URL('../src/run/index.js', import.meta.url));
  const storeModule = fileURLToPath(new URL('../src/store/index.js', import.meta.url));
  // A fresh process: the test runner's own has TF.js loaded already.
  const script = `
    import { createRequire } from 'node:module';
    const { startSearch } = await import(${JSON.stringify(runModule)});
    const { openStore } = await import(${JSON.stringify(storeModule)});
    const store = openStore(${JSON.stringify(join(dir, 'runs.db'))});
    const { run } = await startSearch(store, { space: 'tiny', workers: 1, seeds: 1, methods: ['kd'], backend: 'cpu' }, ['search']);
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('@tensorflow'));
    store.close();
    console.log(JSON.stringify({ backend: run.backend, status: run.status, tfjsLoaded: loaded }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.deepEqual(JSON.parse(out.trim().split('\n').at(-1)!), { backend: 'cpu', status: 'done', tfjsLoaded: false });
});

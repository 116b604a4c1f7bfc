import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendError } from '../src/core/index.js';
import { resumeSearch, startSearch } from '../src/run/index.js';
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

test('resuming on another backend than the run started on says so, with the backend its workers report', async () => {
  const dir = tempDir('backend-resume');
  const store = openStore(join(dir, 'runs.db'));
  try {
    const { run } = await startSearch(store, { space: 'tiny', workers: 1, seeds: 1, methods: ['kd'], backend: 'cpu' }, ['search']);
    assert.equal(run.backend, 'cpu');
    const messages: string[] = [];
    const { result } = await resumeSearch(store, run.id, { backend: 'wasm', workers: 1 }, { observer: { onMessage: (line) => messages.push(line) } });
    assert.ok(result.best);
    assert.ok(messages.includes(`warning: run ${run.id} started on cpu, resuming on wasm; results may differ slightly`), messages.join('\n'));
    // Resumed on the run's own backend: no warning.
    const again: string[] = [];
    await resumeSearch(store, run.id, { workers: 1 }, { observer: { onMessage: (line) => again.push(line) } });
    assert.ok(!again.some((line) => line.includes('resuming on')), again.join('\n'));
  } finally {
    store.close();
  }
});

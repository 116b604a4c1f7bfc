import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { BackendError } from '../src/core/index.js';
import { NO_BACKEND, resumeSearch, startSearch } from '../src/run/index.js';
import { cpuBackendWithoutLoading } from '../src/backend/backend-choices.js';
import { loadNativeKernels } from '../src/kernels/native-addon.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';
import { TFJS_WATCH_CHANNEL, type TfjsWatch } from './fixtures/pool/tfjs-watch.js';

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
    const { run } = await startSearch(store, { space: ${JSON.stringify(dropoutSpace(dir))}, workers: 1, seeds: 1, methods: ['kd'], backend: 'cpu' }, ['search']);
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
    // A root with dropout trains in TF.js: the workers start the backend and report it.
    const { run } = await startSearch(store, { space: dropoutSpace(dir), workers: 1, seeds: 1, methods: ['kd'], backend: 'cpu' }, ['search']);
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

/** What tfjs-watch-worker.ts threads post, collected until `channel` is closed. */
function watchWorkers(): { tasks: TfjsWatch[]; channel: BroadcastChannel } {
  const tasks: TfjsWatch[] = [];
  const channel = new BroadcastChannel(TFJS_WATCH_CHANNEL);
  channel.onmessage = (event) => tasks.push((event as { data: TfjsWatch }).data);
  return { tasks, channel };
}

/** Writes a search-space file into `dir`; returns its path. */
function spaceFile(dir: string, space: { name: string } & Record<string, unknown>): string {
  const file = join(dir, `${space.name}.json`);
  writeFileSync(file, JSON.stringify(space));
  return file;
}

/** A small tree search on digits: a boosted root, a tree candidate and a tree target. */
function treeSpace(dir: string): string {
  return spaceFile(dir, {
    name: 'test-trees',
    family: 'gbt',
    dataset: 'digits',
    root: { arch: { family: 'gbt', rounds: 8, maxDepth: 2 } },
    target: { arch: { family: 'tree', maxDepth: 2 } },
    training: { maxEpochs: 5, batchSize: 32, learningRate: 0.01, patience: 2 },
    candidates: [{ family: 'tree', maxDepth: 4 }],
    methods: { kd: [{ temperature: 2, alpha: 0.5 }], profweight: [{ probeSelection: 'margin', margin: 0.9 }] },
    minGain: 0.005,
    maxDepth: 2,
    strategy: 'greedy',
    seeds: [1],
  });
}

test('a search whose models never run on TF.js records backend none, and neither its thread nor its workers load TF.js', () => {
  const dir = tempDir('backend-none');
  const runModule = fileURLToPath(new URL('../src/run/index.js', import.meta.url));
  const storeModule = fileURLToPath(new URL('../src/store/index.js', import.meta.url));
  const watchWorker = new URL('./fixtures/pool/tfjs-watch-worker.js', import.meta.url).href;
  // A fresh process, as above; --backend tensorflow is accepted (checked for its form) and unused.
  const script = `
    import { createRequire } from 'node:module';
    import { BroadcastChannel } from 'node:worker_threads';
    const { startSearch } = await import(${JSON.stringify(runModule)});
    const { openStore } = await import(${JSON.stringify(storeModule)});
    const tasks = [];
    const channel = new BroadcastChannel(${JSON.stringify(TFJS_WATCH_CHANNEL)});
    channel.onmessage = (event) => tasks.push(event.data);
    const store = openStore(${JSON.stringify(join(dir, 'runs.db'))});
    const { run } = await startSearch(store, { space: ${JSON.stringify(treeSpace(dir))}, workers: 2, seeds: 1, methods: ['kd', 'profweight'], backend: 'tensorflow' }, ['search'], { workerFile: new URL(${JSON.stringify(watchWorker)}) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    channel.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('@tensorflow'));
    store.close();
    console.log(JSON.stringify({ backend: run.backend, status: run.status, tfjsLoaded: loaded, tasks }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const { tasks, ...run } = JSON.parse(out.trim().split('\n').at(-1)!) as { tasks: TfjsWatch[]; backend: string; status: string; tfjsLoaded: boolean };
  assert.deepEqual(run, { backend: NO_BACKEND, status: 'done', tfjsLoaded: false });
  // The root, scratch and taught trees, their teachers' signals, on both workers: none loaded TF.js.
  assert.ok(tasks.some((t) => t.task === 'train gbt') && tasks.some((t) => t.task === 'train tree') && tasks.some((t) => t.task.startsWith('signal')), JSON.stringify(tasks));
  assert.equal(tasks.filter((t) => t.task === 'loaded').length, 2, 'both workers reported their load');
  assert.equal(new Set(tasks.map((t) => t.thread)).size, 2, 'both workers trained');
  assert.deepEqual(tasks.filter((t) => t.tfjsLoaded), []);
});

/** A small mlp search on digits whose root has dropout: TF.js draws the masks, so it trains in TF.js. */
function dropoutSpace(dir: string): string {
  return spaceFile(dir, {
    name: 'test-dropout',
    family: 'mlp',
    dataset: 'digits',
    root: { arch: { family: 'mlp', hidden: [16], dropout: 0.2 } },
    target: { arch: { family: 'mlp', hidden: [2] } },
    training: { maxEpochs: 2, batchSize: 64, learningRate: 0.01, patience: 1 },
    candidates: [{ family: 'mlp', hidden: [6] }],
    methods: { kd: [{ temperature: 2, alpha: 0.5 }] },
    minGain: 0.005,
    maxDepth: 1,
    strategy: 'greedy',
    seeds: [1],
  });
}

test('a search with a network the fused step cannot train still loads TF.js in its workers as they start', async () => {
  const dir = tempDir('backend-networks');
  const { tasks, channel } = watchWorkers();
  const store = openStore(join(dir, 'runs.db'));
  try {
    const { run } = await startSearch(store, { space: dropoutSpace(dir), workers: 1, seeds: 1, methods: ['kd'], backend: 'cpu' }, ['search'], {
      workerFile: new URL('./fixtures/pool/tfjs-watch-worker.js', import.meta.url),
    });
    assert.equal(run.backend, 'cpu');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // TF.js loaded with the worker module, before the pool asked for the backend, and ever after.
    assert.deepEqual(tasks.slice(0, 2).map((t) => t.task), ['loaded', 'backend']);
    assert.ok(tasks.length > 2 && tasks.every((t) => t.tfjsLoaded), JSON.stringify(tasks));
  } finally {
    channel.close();
    store.close();
  }
});

test('a run recorded on no backend resumes on none without a warning, even when a backend is asked for, and so does one recorded before runs could have none', async () => {
  const dir = tempDir('backend-none-resume');
  const file = join(dir, 'runs.db');
  const store = openStore(file);
  try {
    const { run } = await startSearch(store, { space: treeSpace(dir), workers: 1, seeds: 1, methods: ['kd'] }, ['search']);
    assert.equal(run.backend, NO_BACKEND);
    const messages: string[] = [];
    await resumeSearch(store, run.id, { workers: 1, backend: 'cpu' }, { observer: { onMessage: (line) => messages.push(line) } });
    assert.ok(!messages.some((line) => line.includes('resuming on')), messages.join('\n'));
  } finally {
    store.close();
  }
  // The same run as an older version recorded it: on the workers' TF.js backend.
  const db = new Database(file);
  db.prepare('UPDATE runs SET backend = ?').run('wasm');
  db.close();
  const again = openStore(file);
  try {
    const [run] = again.listRuns();
    const messages: string[] = [];
    const { result } = await resumeSearch(again, run.id, { workers: 1 }, { observer: { onMessage: (line) => messages.push(line) } });
    assert.ok(result.best);
    assert.ok(!messages.some((line) => line.includes('resuming on')), messages.join('\n'));
  } finally {
    again.close();
  }
});

/** The nodes of a run as their results: key, validation loss and accuracy, and weights. */
function results(store: ReturnType<typeof openStore>, runId: string): string {
  const nodes = store.listNodes(runId).filter((n) => n.status === 'done');
  return JSON.stringify(nodes.map((n) => [n.key, n.validation, n.test, n.epochs]).sort());
}

/** Why a run of mlps cannot skip TF.js here (run-search.ts's workerBackend), or false when it can. */
const fusedOnlySkip = (() => {
  const native = loadNativeKernels();
  if (native === null || typeof native.mlpStep !== 'function' || typeof native.mlpLayers !== 'function') return 'the native addon (with mlpStep and mlpLayers) is not built';
  if (process.env.MULTIHOP_FUSED_STEP === '0') return 'MULTIHOP_FUSED_STEP=0';
  if (cpuBackendWithoutLoading() === null) return 'tfjs-node is installed (or MULTIHOP_BACKEND names it): only loading TF.js tells the backend';
  return false;
})();

test('a search whose networks the fused step trains records its CPU backend without loading TF.js, and trains what workers with TF.js train', { skip: fusedOnlySkip }, async () => {
  const expected = cpuBackendWithoutLoading()!;
  const dir = tempDir('backend-fused');
  const { tasks, channel } = watchWorkers();
  const store = openStore(join(dir, 'runs.db'));
  try {
    const request = { space: 'tiny', workers: 2, seeds: 2, methods: ['kd', 'profweight', 'sratio'] };
    const lazy = await startSearch(store, request, ['search'], { workerFile: new URL('./fixtures/pool/tfjs-watch-worker.js', import.meta.url) });
    assert.equal(lazy.run.backend, expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(tasks.some((t) => t.task === 'signal mlp') && tasks.some((t) => t.task === 'train mlp'), JSON.stringify(tasks));
    assert.deepEqual(tasks.filter((t) => t.tfjsLoaded), [], 'no worker loaded TF.js');
    // Workers that load TF.js and start the backend at once train the very same nodes.
    const eager = await startSearch(store, request, ['search'], { workerFile: new URL('./fixtures/pool/eager-backend-worker.js', import.meta.url) });
    assert.equal(results(store, lazy.run.id), results(store, eager.run.id));
  } finally {
    channel.close();
    store.close();
  }
});

for (const [what, methods, env] of [
  ['a hop that builds a TF.js model (compression queries its parent on new rows)', ['kd', 'compression'], {}],
  ['a dense teacher whose signal falls back to TF.js (probe cache off)', ['kd', 'profweight'], { MULTIHOP_PROBE_CACHE_MIB: '0' }],
] as const) {
  test(`in such a search ${what} starts the recorded backend before TF.js runs`, { skip: fusedOnlySkip }, async () => {
    const expected = cpuBackendWithoutLoading()!;
    const dir = tempDir('backend-fused-fallback');
    const { tasks, channel } = watchWorkers();
    const store = openStore(join(dir, 'runs.db'));
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    // Workers copy the environment when they start.
    Object.assign(process.env, env);
    try {
      const request = { space: 'tiny', workers: 1, seeds: 1, methods: [...methods] };
      const lazy = await startSearch(store, request, ['search'], { workerFile: new URL('./fixtures/pool/tfjs-watch-worker.js', import.meta.url) });
      assert.equal(lazy.run.backend, expected);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const firstLoaded = tasks.findIndex((t) => t.tfjsLoaded);
      assert.ok(firstLoaded > 1, `TF.js loaded only once a hop needed it: ${JSON.stringify(tasks.slice(0, 3))}`);
      // From the first job on, the worker's backend is the recorded one: planned, then started.
      assert.deepEqual([...new Set(tasks.slice(1).map((t) => t.backend))], [expected], JSON.stringify(tasks));
      const eager = await startSearch(store, request, ['search'], { workerFile: new URL('./fixtures/pool/eager-backend-worker.js', import.meta.url) });
      assert.equal(results(store, lazy.run.id), results(store, eager.run.id));
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      channel.close();
      store.close();
    }
  });
}

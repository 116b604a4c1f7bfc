import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadDataset, prepareData, toSharedMemory } from '../src/data/index.js';
import type { TrainJob } from '../src/hop/index.js';
import { createPoolTrainer, startPool } from '../src/pool/index.js';

const job = (seed: number): TrainJob => ({
  kind: 'train',
  hop: { key: `setup-${seed}`, parentKey: null, arch: { family: 'mlp', hidden: [4] }, method: 'scratch', params: {}, seed, role: 'scratch' },
  settings: { maxEpochs: 2, batchSize: 32, learningRate: 1e-2, patience: 2 },
});

test('a pool started before its data trains the jobs queued meanwhile, as a pool given the data at once does', async () => {
  const data = toSharedMemory(prepareData(await loadDataset('iris'), { seed: 0 }));
  const early = startPool({ workers: 2 });
  try {
    const queued = [early.train(job(0)), early.train(job(1)), early.train(job(2))];
    // The threads are up and asking for their setup; nothing can train until it is sent.
    await new Promise((resolve) => setTimeout(resolve, 200));
    early.setUp({ data, backend: 'wasm' });
    const results = await Promise.all(queued);
    const direct = createPoolTrainer({ data, workers: 1, backend: 'wasm' });
    try {
      for (const [i, result] of results.entries()) {
        const reference = await direct.train(job(i));
        assert.deepEqual(result.result.validation, reference.result.validation, `job ${i}`);
        assert.deepEqual(result.result.test, reference.result.test, `job ${i}`);
      }
    } finally {
      await direct.close();
    }
    assert.throws(() => early.setUp({ data }), /already sent/);
  } finally {
    await early.close();
  }
});

test('a pool closed before it was set up stops without waiting for its data', async () => {
  const pool = startPool({ workers: 1 });
  const pending = assert.rejects(pool.train(job(0)), /Terminating worker thread/);
  await pool.close();
  await pending;
});

test('pools closed while their threads are still loading never abort the process', () => {
  // Node 20 aborts the whole process (a V8 fatal error) when a worker is terminated while
  // require(esm) is still loading its module: the pool waits for each thread's module first.
  // A crash would kill the test runner, so the pools start and close in a child process.
  const poolModule = fileURLToPath(new URL('../src/pool/index.js', import.meta.url));
  const workerFile = fileURLToPath(new URL('./fixtures/pool/heavy-worker.js', import.meta.url));
  const script = `
    const { startPool } = await import(${JSON.stringify(poolModule)});
    for (let i = 0; i < 60; i++) {
      const pool = startPool({ workers: 2, workerFile: ${JSON.stringify(workerFile)} });
      await new Promise((resolve) => setTimeout(resolve, 40 + (i % 10) * 10));
      await pool.close();
    }
    console.log('closed 60 pools');
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr.split('\n').slice(0, 3).join('\n'));
  assert.match(result.stdout, /closed 60 pools/);
});

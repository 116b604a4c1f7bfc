import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset, prepareData } from '../src/data/index.js';
import type { TrainJob } from '../src/hop/index.js';
import { createQueueTrainer, PACKAGE_VERSION, parseHopJob } from '../src/queue/index.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { spawnWorker } from './fixtures/queue/workers.js';

const hopJob = (arch: unknown): TrainJob =>
  ({
    kind: 'train',
    hop: { key: '0123456789abcdef', parentKey: null, arch, method: 'scratch', params: {}, seed: 1, role: 'scratch' },
    settings: { maxEpochs: 1, batchSize: 32, learningRate: 0.01, patience: 1 },
  }) as TrainJob;

test('the job schemas refuse what a search-space file would, naming the field', () => {
  assert.equal(parseHopJob(hopJob({ family: 'mlp', hidden: [4] }), 'job x').ok, true);
  const badFamily = parseHopJob(hopJob({ family: 'evil', code: 'process.exit()' }), 'job x');
  assert.ok(!badFamily.ok && /job x: job\.hop\.arch\.family: expected 'mlp'/.test(badFamily.reason), JSON.stringify(badFamily));
  const extraKey = parseHopJob({ ...hopJob({ family: 'mlp', hidden: [4] }), script: 'rm -rf /' }, 'job x');
  assert.ok(!extraKey.ok && /script/.test(extraKey.reason));
  const badParams = parseHopJob({ ...hopJob({ family: 'mlp', hidden: [4] }), hop: { ...hopJob({ family: 'mlp', hidden: [4] }).hop, method: 'kd', parentKey: 'fedcba9876543210', params: { temperature: -1 } } }, 'job x');
  assert.ok(!badParams.ok && /temperature/.test(badParams.reason), JSON.stringify(badParams));
  // Everything a space's training may hold travels: tuning grids, weight decay, a cross-fitted signal.
  const tuned = hopJob({ family: 'mlp', hidden: [4] });
  tuned.settings = { ...tuned.settings, weightDecay: 1e-3, tune: { learningRate: [0.01, 0.003], minSamplesLeaf: [1, 5] } };
  assert.equal(parseHopJob(tuned, 'job x').ok, true, JSON.stringify(parseHopJob(tuned, 'job x')));
  const signal = { kind: 'signal', nodeKey: '0123456789abcdef', arch: { family: 'mlp', hidden: [4] }, weights: { shapes: [], values: new Float32Array(0) }, seed: 0, crossFit: { folds: 3, settings: tuned.settings } };
  assert.equal(parseHopJob(signal, 'job x').ok, true, JSON.stringify(parseHopJob(signal, 'job x')));
  const badFolds = parseHopJob({ ...signal, crossFit: { folds: 1, settings: tuned.settings } }, 'job x');
  assert.ok(!badFolds.ok && /crossFit\.folds/.test(badFolds.reason), JSON.stringify(badFolds));
  const badTune = parseHopJob({ ...tuned, settings: { ...tuned.settings, tune: { momentum: [0.9] } } }, 'job x');
  assert.ok(!badTune.ok && /tune/.test(badTune.reason), JSON.stringify(badTune));
  // A job never names a file for the worker to open: the user's own model stays on the coordinator.
  const external = parseHopJob({ ...hopJob({ family: 'mlp', hidden: [4] }), externalTeacher: { kind: 'onnx', path: '/etc/passwd', sha256: 'x', input: 'raw' } }, 'job x');
  assert.ok(!external.ok && /externalTeacher/.test(external.reason), JSON.stringify(external));
});

test('a worker refuses a job from another version, and an invalid hop spec, and the coordinator gets the reason', async () => {
  const redis = await startRedis();
  const worker = await spawnWorker(redis.url);
  const data = prepareData(await loadDataset('iris'), { seed: 1, trainFraction: 0.6, validationFraction: 0.2, rootShare: 0, standardise: 'per-feature' });
  const other = await createQueueTrainer({ url: redis.url, data, version: '0.0.0-other', pollMs: 100 });
  const same = await createQueueTrainer({ url: redis.url, data, pollMs: 100 });
  try {
    await assert.rejects(
      other.train(hopJob({ family: 'mlp', hidden: [4] })),
      (error: Error) =>
        error.message.includes(`the job comes from multihop 0.0.0-other and this worker runs ${PACKAGE_VERSION}`) && error.message.startsWith('refused by worker'),
    );
    await assert.rejects(same.train({ ...hopJob({ family: 'evil' }), hop: { ...hopJob({}).hop, key: 'aaaaaaaaaaaaaaaa', arch: { family: 'evil' } as never } }), /refused by worker .*family/);
    // A valid job on the same queue is trained: the refusals are per job.
    const done = await same.train(hopJob({ family: 'mlp', hidden: [4] }));
    assert.equal(done.kind, 'train');
    assert.ok(done.result.validation.accuracy > 0);
    assert.ok(worker.output().includes('0123456789abcdef mlp[4] scratch'));
  } finally {
    await other.close();
    await same.close();
    assert.equal(await worker.stop(), 0);
    await redis.stop();
  }
});

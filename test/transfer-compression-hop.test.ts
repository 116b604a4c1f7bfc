// Compression hops end to end on iris: a gbt and an mlp teacher trained with their runtimes, then
// compression hops into a depth-2 tree through runHop and through the hop lifecycle, which hands
// the parent's arch and weights (not its teacher signal) to the trainer; the node records its params.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingError, type Arch, type HopSpec, type ModelWeights, type PreparedData } from '../src/core/index.js';
import { loadDataset, prepareData } from '../src/data/index.js';
import { runHop, type HopTrainer, type TrainJob } from '../src/hop/index.js';
import { familyOf } from '../src/models/index.js';
import { hopLifecycle } from '../src/run/index.js';
import type { NodeLedger } from '../src/run/node-ledger.js';
import type { NodeDone, NodeRecord } from '../src/store/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';

const settings = { maxEpochs: 60, batchSize: 16, learningRate: 0.02, patience: 10 };
const target: Arch = { family: 'tree', maxDepth: 2 };

let iris: PreparedData;
before(async () => {
  await useWasmBackend();
  iris = prepareData(await loadDataset('iris'), { seed: 0 });
});

async function trainTeacher(arch: Arch): Promise<ModelWeights> {
  const runtime = await familyOf(arch).runtime();
  return (await runtime.train(iris, arch, settings, {}, 0)).weights;
}

const hop = (params: HopSpec['params']): HopSpec => ({
  key: 'student',
  parentKey: 'teacher',
  arch: target,
  method: 'compression',
  params,
  seed: 4,
  role: 'target',
});

for (const teacherArch of [{ family: 'gbt', rounds: 30, maxDepth: 3, minSamplesLeaf: 5 }, { family: 'mlp', hidden: [16] }] as Arch[]) {
  test(`runHop: compression from a ${teacherArch.family} teacher into tree[d2] on iris trains and records its params`, async () => {
    const weights = await trainTeacher(teacherArch);
    const job: TrainJob = { kind: 'train', hop: hop({ size: 2, labels: 'soft' }), settings, teacherModel: { arch: teacherArch, weights } };
    const done = await runHop(iris, job, { workerId: 'test' });
    assert.deepEqual(done.params, {
      size: 2,
      p: 0.5,
      s: 10,
      labels: 'soft',
      syntheticRows: 2 * iris.train.count,
      nominalAttributes: 0,
      convention: 'munge-nearest-in-train-split',
    });
    console.log(`${teacherArch.family} → tree[d2] by compression: validation ${done.result.validation.accuracy.toFixed(3)}, test ${done.result.test.accuracy.toFixed(3)}`);
    assert.ok(done.result.validation.accuracy > 0.8, `validation accuracy ${done.result.validation.accuracy}`);
    // Deterministic for the hop's seed.
    const again = await runHop(iris, job, { workerId: 'test' });
    assert.deepEqual(again.result.weights, done.result.weights);
  });
}

test('runHop refuses a compression job without the parent model', async () => {
  await assert.rejects(runHop(iris, { kind: 'train', hop: hop({}), settings }, { workerId: 'test' }), (error: unknown) =>
    error instanceof TrainingError && /needs the parent model's arch and weights/.test(error.message),
  );
});

test('the hop lifecycle hands the parent\'s arch and weights to the trainer and records the resolved params', async () => {
  const teacherArch: Arch = { family: 'gbt', rounds: 20, maxDepth: 3, minSamplesLeaf: 5 };
  const weights = await trainTeacher(teacherArch);
  const parent = { key: 'teacher', status: 'done', arch: teacherArch, seed: 0 } as NodeRecord;
  const recorded = new Map<string, NodeDone>();
  const ledger = {
    runId: 'run-1',
    outcomes: () => [],
    markRunning: () => 1,
    recordDone: (key: string, result: NodeDone) => void recorded.set(key, result),
    recordFailed: (_key: string, error: string) => assert.fail(`the hop failed: ${error}`),
    node: (key: string) => (key === 'teacher' ? parent : null),
    weights: (key: string) => (key === 'teacher' ? weights : assert.fail(`weights of ${key}`)),
    teacherSignal: () => null,
    recordTeacherSignal: () => undefined,
    studentScratch: () => null,
    log: () => undefined,
  } satisfies NodeLedger;
  const jobs: TrainJob[] = [];
  const trainer: HopTrainer = {
    concurrency: 1,
    train: (job) => {
      jobs.push(job);
      return runHop(iris, job, { workerId: 'in-process' });
    },
    signal: () => assert.fail('compression needs no teacher signal'),
    close: async () => undefined,
  };
  const trainHop = hopLifecycle({
    ledger,
    trainer,
    teachers: { computed: 0, signalOf: () => assert.fail('compression needs no teacher signal') },
    settingsFor: () => settings,
    describe: () => ({ complexity: { params: 7, flops: 2, bytes: 28 }, archLabel: 'tree[d2]' }),
    maxAttempts: 1,
  });
  await trainHop(hop({ size: 3, labels: 'hard', p: 0.3 }));
  assert.equal(jobs.length, 1);
  assert.deepEqual(jobs[0].teacherModel, { arch: teacherArch, weights });
  assert.equal(jobs[0].teacher, undefined);
  const done = recorded.get('student');
  assert.ok(done);
  assert.equal(done.methodParams?.size, 3);
  assert.equal(done.methodParams?.labels, 'hard');
  assert.equal(done.methodParams?.p, 0.3);
  assert.equal(done.methodParams?.syntheticRows, 3 * iris.train.count);
});

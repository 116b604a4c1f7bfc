import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { openStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

function freshRun() {
  const store = openStore(tempPath());
  const run = store.createRun(sampleRun);
  return { store, runId: run.id };
}

test('markNodeRunning inserts a node, then counts attempts on each restart', () => {
  const { store, runId } = freshRun();
  assert.equal(store.markNodeRunning(runId, sampleHop('root')), 1);
  const started = store.getNode(runId, 'root');
  assert.equal(started?.status, 'running');
  assert.equal(started?.attempts, 1);
  assert.equal(started?.validation, null);
  assert.equal(started?.hasWeights, false);
  store.recordNodeFailed(runId, 'root', 'loss became NaN at epoch 3');
  assert.equal(store.getNode(runId, 'root')?.error, 'loss became NaN at epoch 3');
  assert.equal(store.markNodeRunning(runId, sampleHop('root', null, { workerId: 'w2' })), 2);
  const retried = store.getNode(runId, 'root');
  assert.equal(retried?.status, 'running');
  assert.equal(retried?.error, null);
  assert.equal(retried?.workerId, 'w2');
  store.close();
});

test('recordNodeDone writes metrics, history, conventions and weights; a done node is never retrained', () => {
  const { store, runId } = freshRun();
  store.markNodeRunning(runId, sampleHop('root'));
  store.recordNodeDone(runId, 'root', sampleResult(0.85));
  store.markNodeRunning(runId, sampleHop('kd-1', 'root'));
  const nanHistory = [{ epoch: 0, loss: NaN, valLoss: 2, valAccuracy: 0.1 }];
  store.recordNodeDone(runId, 'kd-1', {
    ...sampleResult(0.7, { history: nanHistory }),
    methodParams: { temperature: 4, alpha: 0.7, convention: 'alpha-soft', normalise: true },
    workerId: 'w1',
  });

  const node = store.getNode(runId, 'kd-1');
  assert.ok(node);
  assert.equal(node.status, 'done');
  assert.equal(node.parentKey, 'root');
  assert.deepEqual(node.validation, { accuracy: 0.7, loss: 0.5 });
  assert.deepEqual(node.test, { accuracy: 0.77, loss: 0.6 });
  assert.deepEqual(node.params, { temperature: 4, alpha: 0.7, convention: 'alpha-soft', normalise: true });
  assert.equal(node.workerId, 'w1');
  assert.ok(Number.isNaN(node.history?.[0].loss));
  assert.equal(node.history?.[0].valLoss, 2);
  assert.ok(node.finishedAt !== null && node.startedAt !== null && node.finishedAt >= node.startedAt);
  assert.deepEqual(
    store.listNodes(runId).map((n) => n.key),
    ['root', 'kd-1'],
  );

  assert.throws(() => store.markNodeRunning(runId, sampleHop('root')), /already done; finished nodes are never retrained/);
  assert.throws(() => store.recordNodeDone(runId, 'root', sampleResult()), /node 'root' of run \w+ is done, not running/);
  assert.throws(() => store.recordNodeFailed(runId, 'ghost', 'x'), /node 'ghost' of run \w+ was never marked running/);
  store.close();
});

test('recordNodeDone is atomic: a signal that breaks a constraint leaves neither result nor signal', () => {
  const { store, runId } = freshRun();
  store.markNodeRunning(runId, sampleHop('root'));
  // 7 logits cannot be a whole number of rows for 3 training examples: the CHECK fails after the
  // node's UPDATE has already run inside the transaction.
  const broken = {
    trainLogits: new Float32Array(7),
    probes: [{ layer: 'output', validationAccuracy: 0.9, trainTrueConfidence: new Float32Array([0.9, 0.8, 0.7]) }],
  };
  assert.throws(
    () => store.recordNodeDone(runId, 'root', { ...sampleResult(0.9), signals: { teacher: broken } }),
    (error: unknown) =>
      error instanceof StoreError &&
      /cannot record node 'root' of run \w+: CHECK constraint failed: teacher_signal_shape/.test(error.message),
  );
  const node = store.getNode(runId, 'root');
  assert.equal(node?.status, 'running');
  assert.equal(node?.validation, null);
  assert.equal(node?.hasWeights, false);
  assert.equal(store.getTeacherSignal(runId, 'root'), null);

  // The same result with a well-formed signal (and a student-scratch one) lands whole.
  const teacher = { ...broken, trainLogits: new Float32Array([1, 2, 3, 4, 5, 6]) };
  const studentScratch = { validationAccuracy: 0.6, trainTrueConfidence: new Float32Array([0.5, 0.25, 0.125]) };
  store.recordNodeDone(runId, 'root', { ...sampleResult(0.9), signals: { teacher, studentScratch } });
  assert.equal(store.getNode(runId, 'root')?.status, 'done');
  assert.deepEqual(store.getTeacherSignal(runId, 'root'), teacher);
  assert.deepEqual(store.getStudentScratch(runId, 'root'), studentScratch);
  store.close();
});

test('resetInterrupted moves only running nodes of that run back to pending', () => {
  const { store, runId } = freshRun();
  const other = store.createRun(sampleRun).id;
  store.markNodeRunning(runId, sampleHop('root'));
  store.recordNodeDone(runId, 'root', sampleResult());
  store.markNodeRunning(runId, sampleHop('a', 'root'));
  store.markNodeRunning(runId, sampleHop('b', 'root'));
  store.markNodeRunning(runId, sampleHop('c', 'root'));
  store.recordNodeFailed(runId, 'c', 'out of memory');
  store.markNodeRunning(other, sampleHop('root'));

  assert.equal(store.resetInterrupted(runId), 2);
  assert.deepEqual(
    store.nodeOutcomes(runId).map((outcome) => [outcome.key, outcome.status]),
    [
      ['a', 'pending'],
      ['b', 'pending'],
      ['c', 'failed'],
      ['root', 'done'],
    ],
  );
  assert.equal(store.getNode(other, 'root')?.status, 'running');
  assert.equal(store.resetInterrupted(runId), 0);
  // A pending node restarts as attempt 2.
  assert.equal(store.markNodeRunning(runId, sampleHop('a', 'root')), 2);
  store.close();
});

test('nodeOutcomes carries validation accuracy and complexity only, never test metrics', () => {
  const { store, runId } = freshRun();
  store.markNodeRunning(runId, sampleHop('root', null, { complexity: { params: 5000, flops: 10000, bytes: 20000 } }));
  store.recordNodeDone(runId, 'root', sampleResult(0.93));
  store.markNodeRunning(runId, sampleHop('t', 'root'));
  const outcomes = store.nodeOutcomes(runId);
  assert.deepEqual(outcomes, [
    { key: 'root', status: 'done', validationAccuracy: 0.93, complexity: { params: 5000, flops: 10000, bytes: 20000 }, attempts: 1 },
    { key: 't', status: 'running', validationAccuracy: null, complexity: { params: 103, flops: 206, bytes: 412 }, attempts: 1 },
  ]);
  const text = JSON.stringify(outcomes);
  assert.doesNotMatch(text, /test|0\.77/);
  store.close();
});

test('a child whose parent node is unknown in the run is refused (foreign key)', () => {
  const { store, runId } = freshRun();
  assert.throws(() => store.markNodeRunning(runId, sampleHop('orphan', 'nowhere')), /FOREIGN KEY constraint failed/);
  assert.throws(() => store.markNodeRunning('rnope00', sampleHop('root')), /has no run 'rnope00'/);
  store.close();
});

test('requeueRetryable sends back only failed nodes with tries left', () => {
  const { store, runId } = freshRun();
  store.markNodeRunning(runId, sampleHop('root'));
  store.recordNodeDone(runId, 'root', sampleResult());
  store.markNodeRunning(runId, sampleHop('once', 'root'));
  store.recordNodeFailed(runId, 'once', 'worker died');
  store.markNodeRunning(runId, sampleHop('twice', 'root'));
  store.recordNodeFailed(runId, 'twice', 'worker died');
  store.markNodeRunning(runId, sampleHop('twice', 'root'));
  store.recordNodeFailed(runId, 'twice', 'worker died again');

  assert.equal(store.requeueRetryable(runId, 2), 1);
  assert.deepEqual(
    store.nodeOutcomes(runId).map((outcome) => [outcome.key, outcome.status, outcome.attempts]),
    [
      ['once', 'pending', 1],
      ['root', 'done', 1],
      ['twice', 'failed', 2],
    ],
  );
  assert.equal(store.requeueRetryable(runId, 2), 0);
  store.close();
});

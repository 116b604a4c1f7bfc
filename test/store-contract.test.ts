/**
 * One suite over every ResultsStore implementation (as Optuna runs one storage test case over
 * each backend): the SQLite file store and the in-memory store must behave the same.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { openMemoryStore, openStore } from '../src/store/index.js';
import type { ChainRecord, ResultsStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

const implementations: Array<[string, () => ResultsStore]> = [
  ['sqlite', () => openStore(tempPath())],
  ['memory', () => openMemoryStore()],
];

const storeError = (pattern: RegExp) => (error: unknown) => error instanceof StoreError && pattern.test(error.message);

for (const [name, open] of implementations) {
  describe(`ResultsStore contract: ${name}`, () => {
    function withRun(body: (store: ResultsStore, runId: string) => void): void {
      const store = open();
      try {
        body(store, store.createRun(sampleRun).id);
      } finally {
        store.close();
      }
    }

    test('runs: create, get, list newest first, status and error; id rules', () => {
      withRun((store, first) => {
        assert.match(first, /^r[0-9a-z]{6}$/);
        const named = store.createRun({ ...sampleRun, id: 'named-run' });
        assert.equal(named.status, 'running');
        assert.equal(named.error, null);
        assert.deepEqual(named.dataset, sampleRun.dataset);
        assert.deepEqual(named.split, sampleRun.split);
        assert.deepEqual(store.getRun('named-run'), named);
        assert.equal(store.getRun('nope'), null);
        assert.deepEqual(new Set(store.listRuns().map((run) => run.id)), new Set([first, 'named-run']));
        const listed = store.listRuns();
        assert.ok(listed[0].createdAt >= listed[1].createdAt);
        assert.throws(() => store.createRun({ ...sampleRun, id: 'named-run' }), storeError(/already has a run 'named-run'/));
        assert.throws(() => store.createRun({ ...sampleRun, id: '-bad' }), storeError(/run id '-bad' must be/));
        store.setRunStatus(first, 'failed', 'out of memory');
        assert.deepEqual([store.getRun(first)?.status, store.getRun(first)?.error], ['failed', 'out of memory']);
        store.setRunStatus(first, 'done');
        assert.deepEqual([store.getRun(first)?.status, store.getRun(first)?.error], ['done', null]);
        assert.throws(() => store.setRunStatus('ghost', 'done'), storeError(/has no run 'ghost'/));
      });
    });

    test('returned records are copies', () => {
      withRun((store, runId) => {
        const run = store.getRun(runId);
        assert.ok(run);
        run.methods.push('hacked');
        run.status = 'done';
        assert.deepEqual(store.getRun(runId)?.methods, sampleRun.methods);
        assert.equal(store.getRun(runId)?.status, 'running');
        store.markNodeRunning(runId, sampleHop('root'));
        store.recordNodeDone(runId, 'root', sampleResult(0.8));
        const weights = store.getWeights(runId, 'root');
        weights.values[0] = 99;
        weights.shapes[0][0] = 7;
        assert.equal(store.getWeights(runId, 'root').values[0], sampleResult().weights.values[0]);
        assert.deepEqual(store.getWeights(runId, 'root').shapes, [[2, 3], [3]]);
        const node = store.getNode(runId, 'root');
        assert.ok(node?.validation);
        node.validation.accuracy = 0;
        assert.equal(store.getNode(runId, 'root')?.validation?.accuracy, 0.8);
      });
    });

    test('node lifecycle: running → failed counts attempts, done is never retrained, errors say why', () => {
      withRun((store, runId) => {
        assert.equal(store.markNodeRunning(runId, sampleHop('root')), 1);
        assert.equal(store.getNode(runId, 'root')?.status, 'running');
        store.recordNodeFailed(runId, 'root', 'loss became NaN');
        assert.deepEqual([store.getNode(runId, 'root')?.status, store.getNode(runId, 'root')?.error], ['failed', 'loss became NaN']);
        assert.equal(store.markNodeRunning(runId, sampleHop('root', null, { workerId: 'w2' })), 2);
        assert.deepEqual([store.getNode(runId, 'root')?.error, store.getNode(runId, 'root')?.workerId], [null, 'w2']);
        store.recordNodeDone(runId, 'root', { ...sampleResult(0.9), methodParams: { temperature: 2 } });
        const done = store.getNode(runId, 'root');
        assert.equal(done?.status, 'done');
        assert.equal(done?.hasWeights, true);
        assert.deepEqual(done?.params, { temperature: 2 });
        assert.deepEqual(done?.test, { accuracy: 0.77, loss: 0.6 });
        assert.throws(() => store.markNodeRunning(runId, sampleHop('root')), storeError(/already done; finished nodes are never retrained/));
        assert.throws(() => store.recordNodeDone(runId, 'root', sampleResult()), storeError(/node 'root' of run \w+ is done, not running/));
        assert.throws(() => store.recordNodeFailed(runId, 'ghost', 'x'), storeError(/node 'ghost' of run \w+ was never marked running/));
        assert.throws(() => store.markNodeRunning('rnope00', sampleHop('root')), storeError(/has no run 'rnope00'/));
        assert.throws(() => store.markNodeRunning(runId, sampleHop('orphan', 'nowhere')), storeError(/FOREIGN KEY constraint failed/));
        store.markNodeRunning(runId, sampleHop('b', 'root'));
        store.markNodeRunning(runId, sampleHop('a', 'root'));
        assert.deepEqual(store.listNodes(runId).map((node) => node.key), ['root', 'b', 'a']);
        assert.deepEqual(store.listNodes('other'), []);
      });
    });

    test('resetInterrupted and requeueRetryable move the right nodes back to pending', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root'));
        store.recordNodeDone(runId, 'root', sampleResult());
        store.markNodeRunning(runId, sampleHop('running', 'root'));
        store.markNodeRunning(runId, sampleHop('once', 'root'));
        store.recordNodeFailed(runId, 'once', 'worker died');
        store.markNodeRunning(runId, sampleHop('twice', 'root'));
        store.recordNodeFailed(runId, 'twice', 'worker died');
        store.markNodeRunning(runId, sampleHop('twice', 'root'));
        store.recordNodeFailed(runId, 'twice', 'worker died again');
        assert.equal(store.resetInterrupted(runId), 1);
        assert.equal(store.requeueRetryable(runId, 2), 1);
        assert.deepEqual(
          store.nodeOutcomes(runId).map((outcome) => [outcome.key, outcome.status, outcome.attempts]),
          [
            ['once', 'pending', 1],
            ['root', 'done', 1],
            ['running', 'pending', 1],
            ['twice', 'failed', 2],
          ],
        );
        assert.equal(store.getNode(runId, 'running')?.workerId, null);
        assert.equal(store.resetInterrupted(runId), 0);
        assert.equal(store.markNodeRunning(runId, sampleHop('running', 'root')), 2);
      });
    });

    test('failures count only starts that ran and failed; interrupted starts do not count against requeueRetryable', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root'));
        store.recordNodeDone(runId, 'root', sampleResult());
        // Started and interrupted twice (a crash, a Ctrl-C), then it really fails once.
        for (let i = 0; i < 2; i++) {
          store.markNodeRunning(runId, sampleHop('hop', 'root'));
          store.resetInterrupted(runId);
        }
        store.markNodeRunning(runId, sampleHop('hop', 'root'));
        assert.equal(store.recordNodeFailed(runId, 'hop', 'loss became NaN'), 1);
        assert.deepEqual([store.getNode(runId, 'hop')?.attempts, store.getNode(runId, 'hop')?.failures], [3, 1]);
        assert.equal(store.requeueRetryable(runId, 2), 1, 'one failure of two allowed: it is tried again');
        store.markNodeRunning(runId, sampleHop('hop', 'root'));
        assert.equal(store.recordNodeFailed(runId, 'hop', 'loss became NaN again'), 2);
        assert.equal(store.requeueRetryable(runId, 2), 0);
        assert.equal(store.getNode(runId, 'root')?.failures, 0);
      });
    });

    test('warnings: written with a result or set on a done node, refused on one not done', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root'));
        store.recordNodeDone(runId, 'root', { ...sampleResult(), warning: 'training diverged: the loss became NaN at epoch 3' });
        assert.equal(store.getNode(runId, 'root')?.warning, 'training diverged: the loss became NaN at epoch 3');
        store.markNodeRunning(runId, sampleHop('kid', 'root'));
        assert.equal(store.getNode(runId, 'kid')?.warning, null);
        assert.throws(() => store.setNodeWarning(runId, 'kid', 'at chance'), storeError(/node 'kid' of run \S+ is not done/));
        store.recordNodeDone(runId, 'kid', sampleResult());
        store.setNodeWarning(runId, 'kid', 'at chance');
        assert.deepEqual(store.listNodes(runId).map((n) => n.warning), ['training diverged: the loss became NaN at epoch 3', 'at chance']);
      });
    });

    test('column rules: negative complexity, a fractional seed and zero workers are refused', () => {
      withRun((store, runId) => {
        assert.throws(() => store.createRun({ ...sampleRun, workers: 0 }), StoreError);
        const bad = (overrides: Parameters<typeof sampleHop>[2]) => () => store.markNodeRunning(runId, sampleHop('root', null, overrides));
        assert.throws(bad({ complexity: { params: -1, flops: 0, bytes: 0 } }), StoreError);
        assert.throws(bad({ seed: 1.5 }), StoreError);
        assert.equal(store.getNode(runId, 'root'), null, 'a refused start leaves nothing');
      });
    });

    test('stopRun: status, error, running nodes back to pending and the holder\'s lease released, in one write', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root'));
        store.recordNodeDone(runId, 'root', sampleResult());
        store.markNodeRunning(runId, sampleHop('kid', 'root'));
        const me = { pid: 4242, host: 'here' };
        assert.equal(store.claimLease(runId, me, new Date(0).toISOString()), true);
        assert.equal(store.stopRun(runId, { status: 'interrupted', error: 'disk full', releaseLeaseOf: { pid: 1, host: 'other' } }), 1);
        assert.notEqual(store.getLease(runId), null, 'another owner\'s lease is kept');
        assert.deepEqual([store.getRun(runId)?.status, store.getRun(runId)?.error], ['interrupted', 'disk full']);
        assert.deepEqual(store.listNodes(runId).map((n) => n.status), ['done', 'pending']);
        assert.equal(store.stopRun(runId, { status: 'failed', releaseLeaseOf: me }), 0);
        assert.equal(store.getLease(runId), null);
        assert.deepEqual([store.getRun(runId)?.status, store.getRun(runId)?.error], ['failed', null]);
        assert.throws(() => store.stopRun('ghost', { status: 'failed' }), storeError(/has no run 'ghost'/));
      });
    });

    test('nodeOutcomes carries validation accuracy and complexity, never test metrics', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root', null, { complexity: { params: 5000, flops: 10000, bytes: 20000 } }));
        store.recordNodeDone(runId, 'root', sampleResult(0.93));
        store.markNodeRunning(runId, sampleHop('t', 'root'));
        const outcomes = store.nodeOutcomes(runId);
        assert.deepEqual(outcomes, [
          { key: 'root', status: 'done', validationAccuracy: 0.93, complexity: { params: 5000, flops: 10000, bytes: 20000 }, attempts: 1 },
          { key: 't', status: 'running', validationAccuracy: null, complexity: { params: 103, flops: 206, bytes: 412 }, attempts: 1 },
        ]);
        assert.doesNotMatch(JSON.stringify(outcomes), /test|0\.77/);
      });
    });

    test('weights round-trip bit for bit; mismatched shapes and missing weights are refused', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root'));
        const bad = sampleResult(0.8, { weights: { shapes: [[2, 2]], values: new Float32Array(5) } });
        assert.throws(() => store.recordNodeDone(runId, 'root', bad), storeError(/weight shapes hold 4 values but 5 were given/));
        assert.equal(store.getNode(runId, 'root')?.status, 'running');
        assert.throws(() => store.getWeights(runId, 'root'), storeError(/node 'root' of run \w+ has no weights \(is it done\?\)/));
        store.recordNodeDone(runId, 'root', sampleResult(0.8));
        const weights = store.getWeights(runId, 'root');
        assert.ok(weights.values instanceof Float32Array);
        assert.deepEqual(weights, sampleResult().weights);
      });
    });

    test('teacher and student-scratch signals round-trip as Float32Arrays; a bad one leaves nothing', () => {
      withRun((store, runId) => {
        store.markNodeRunning(runId, sampleHop('root'));
        const probe = { layer: 'output', validationAccuracy: 0.9, trainTrueConfidence: new Float32Array([0.9, 0.8, 0.7]) };
        const broken = { trainLogits: new Float32Array(7), probes: [probe] };
        assert.throws(
          () => store.recordNodeDone(runId, 'root', { ...sampleResult(0.9), signals: { teacher: broken } }),
          storeError(/cannot record node 'root' of run \w+: CHECK constraint failed: teacher_signal_shape/),
        );
        assert.equal(store.getNode(runId, 'root')?.status, 'running');
        assert.equal(store.getTeacherSignal(runId, 'root'), null);
        const teacher = { trainLogits: new Float32Array([1, 2, 3, 4, 5, 6]), probes: [probe, { ...probe, layer: 'h1' }] };
        const studentScratch = { validationAccuracy: 0.6, trainTrueConfidence: new Float32Array([0.5, 0.25, 0.125]) };
        store.recordNodeDone(runId, 'root', { ...sampleResult(0.9), signals: { teacher, studentScratch } });
        const read = store.getTeacherSignal(runId, 'root');
        assert.deepEqual(read, teacher);
        assert.ok(read?.trainLogits instanceof Float32Array && read.probes[1].trainTrueConfidence instanceof Float32Array);
        assert.deepEqual(store.getStudentScratch(runId, 'root'), studentScratch);
        const replaced = { ...teacher, trainLogits: new Float32Array([6, 5, 4, 3, 2, 1]) };
        store.recordTeacherSignal(runId, 'root', replaced);
        assert.deepEqual(store.getTeacherSignal(runId, 'root'), replaced);
        assert.equal(store.getStudentScratch(runId, 'ghost'), null);
      });
    });

    test('chains are replaced whole and kept in order; a refused set keeps the old ones', () => {
      withRun((store, runId) => {
        const chains: ChainRecord[] = [
          { kind: 'scratch', method: 'scratch', nodeKeys: ['s'], validationAccuracy: 0.7, testAccuracy: 0.69, details: {} },
          { kind: 'multihop', method: 'kd>kd', nodeKeys: ['root', 'm', 't'], validationAccuracy: 0.75, testAccuracy: null, details: { std: [0.01] } },
          { kind: 'one-hop', method: 'kd', nodeKeys: ['root', 'k'], validationAccuracy: 0.72, testAccuracy: 0.7, details: { seeds: 2 } },
        ];
        store.setChains(runId, chains);
        assert.deepEqual(store.getChains(runId), chains);
        store.setChains(runId, chains.slice(1));
        assert.deepEqual(store.getChains(runId), chains.slice(1));
        assert.throws(() => store.setChains(runId, [{ ...chains[0], kind: 'two-hop' as ChainRecord['kind'] }]), storeError(/CHECK constraint failed/));
        assert.deepEqual(store.getChains(runId), chains.slice(1));
        assert.throws(() => store.setChains('ghost', chains), storeError(/has no run 'ghost'/));
      });
    });

    test('events are kept per run, oldest first, with their data', () => {
      withRun((store, a) => {
        const b = store.createRun(sampleRun).id;
        store.addEvent(a, 'info', 'started', { workers: 2 });
        store.addEvent(b, 'warn', 'other run');
        store.addEvent(a, 'error', 'node k failed');
        const events = store.listEvents(a);
        assert.deepEqual(
          events.map((event) => [event.runId, event.level, event.message, event.data]),
          [
            [a, 'info', 'started', { workers: 2 }],
            [a, 'error', 'node k failed', null],
          ],
        );
        assert.ok(events[0].id < events[1].id && events[0].at <= events[1].at);
      });
    });

    test('leases: claim, heartbeat, release, a second owner refused, a stale lease taken over', () => {
      withRun((store, runId) => {
        const me = { pid: 100, host: 'here' };
        const other = { pid: 200, host: 'there' };
        const longAgo = '2000-01-01T00:00:00.000Z';
        assert.equal(store.getLease(runId), null);
        assert.equal(store.claimLease(runId, me, longAgo), true);
        assert.equal(store.claimLease(runId, me, longAgo), true, 'the owner may claim again');
        assert.equal(store.claimLease(runId, other, longAgo), false, 'a fresh lease is not taken over');
        assert.deepEqual({ ...store.getLease(runId), heartbeatAt: undefined }, { ...me, heartbeatAt: undefined });
        const first = store.getLease(runId)?.heartbeatAt ?? '';
        assert.equal(store.heartbeat(runId, me), true);
        assert.ok((store.getLease(runId)?.heartbeatAt ?? '') >= first);
        assert.equal(store.heartbeat(runId, other), false);
        store.releaseLease(runId, other);
        assert.equal(store.getLease(runId)?.pid, me.pid, 'only the owner releases');
        const future = new Date(Date.now() + 60_000).toISOString();
        assert.equal(store.claimLease(runId, other, future), true, 'a stale lease is taken over');
        assert.equal(store.getLease(runId)?.pid, other.pid);
        assert.equal(store.heartbeat(runId, me), false);
        store.releaseLease(runId, other);
        assert.equal(store.getLease(runId), null);
      });
    });

    test('sweeps: create with combinations and fixed run ids, find by name, list newest first, errors per combination', () => {
      const store = open();
      try {
        const spec = { fixed: { space: 'tiny' }, grid: { dataset: ['iris', 'wine'] }, name: 'grid-a' };
        const sweep = store.createSweep({
          name: 'grid-a',
          spec,
          specSha256: 'a'.repeat(64),
          combinations: [{ space: 'tiny', dataset: 'iris' }, { space: 'tiny', dataset: 'wine' }],
        });
        assert.match(sweep.id, /^s[0-9a-z]{6}$/);
        assert.deepEqual([sweep.name, sweep.spec, sweep.specSha256], ['grid-a', spec, 'a'.repeat(64)]);
        assert.deepEqual(store.getSweep(sweep.id), sweep);
        assert.deepEqual(store.findSweep('grid-a'), sweep);
        assert.equal(store.findSweep('nope'), null);
        assert.equal(store.getSweep('nope'), null);
        const runs = store.sweepRuns(sweep.id);
        assert.deepEqual(
          runs.map((r) => [r.position, r.runId, r.values.dataset, r.error]),
          [
            [0, `${sweep.id}-1`, 'iris', null],
            [1, `${sweep.id}-2`, 'wine', null],
          ],
        );
        runs[0].values.dataset = 'hacked';
        assert.equal(store.sweepRuns(sweep.id)[0].values.dataset, 'iris', 'records are copies');
        store.setSweepRunError(sweep.id, 1, 'wine.csv: no such file');
        assert.equal(store.sweepRuns(sweep.id)[1].error, 'wine.csv: no such file');
        store.setSweepRunError(sweep.id, 1, null);
        assert.equal(store.sweepRuns(sweep.id)[1].error, null);
        assert.throws(() => store.setSweepRunError(sweep.id, 5, 'x'), storeError(/has no combination 5/));
        assert.throws(() => store.sweepRuns('ghost'), storeError(/has no sweep 'ghost'/));
        assert.throws(
          () => store.createSweep({ name: 'grid-a', spec, specSha256: 'b'.repeat(64), combinations: [] }),
          storeError(/already has a sweep named 'grid-a'/),
        );
        assert.throws(() => store.createSweep({ id: sweep.id, name: 'other', spec, specSha256: 'b'.repeat(64), combinations: [] }), storeError(/already has a sweep/));
        assert.equal(store.listSweeps().length, 1, 'a refused sweep leaves nothing behind');
        const second = store.createSweep({ id: 'named-sweep', name: 'grid-b', spec: {}, specSha256: 'c'.repeat(64), combinations: [{}] });
        assert.equal(store.sweepRuns(second.id)[0].runId, 'named-sweep-1');
        const listed = store.listSweeps();
        assert.deepEqual(new Set(listed.map((s) => s.id)), new Set([sweep.id, 'named-sweep']));
        assert.ok(listed[0].createdAt >= listed[1].createdAt);
      } finally {
        store.close();
      }
    });

    test('close: later calls fail, closing twice is harmless', () => {
      const store = open();
      const runId = store.createRun(sampleRun).id;
      store.close();
      store.close();
      assert.throws(() => store.getRun(runId), storeError(/is closed/));
      assert.throws(() => store.createRun(sampleRun), storeError(/is closed/));
      assert.throws(() => store.query('SELECT 1'), storeError(/is closed/));
    });
  });
}

test('the memory store is at :memory:, writable, and refuses ad-hoc SQL', () => {
  const store = openMemoryStore();
  assert.equal(store.path, ':memory:');
  assert.equal(store.readonly, false);
  assert.throws(() => store.query('SELECT 1'), storeError(/ad-hoc SQL queries need the SQLite store/));
  store.close();
});

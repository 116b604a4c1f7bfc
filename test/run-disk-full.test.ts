import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../src/core/index.js';
import { driveRun } from '../src/run/run-driver.js';
import { createController, loadSearchSpace, searchSpacePath } from '../src/search/index.js';
import { openMemoryStore, openStore, type ResultsStore, type RunRecord } from '../src/store/index.js';
import { fakeTrainer } from './fixtures/run/fake-trainer.js';
import { sampleRun } from './fixtures/store/store-samples.js';
import { tempDir } from './fixtures/run/cli.js';

/** A small tmpfs we can fill and then grow: a real full disk, not a simulated error. */
function smallDisk(): { dir: string; grow(): void; remove(): void } | string {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root';
  const dir = join(tempDir('disk-full'), 'disk');
  mkdirSync(dir);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) return `cannot mount a tmpfs here (${mounted.stderr.trim() || mounted.error?.message})`;
  return {
    dir,
    grow: () => assert.equal(spawnSync('mount', ['-o', 'remount,size=64m', dir]).status, 0),
    remove: () => void spawnSync('umount', ['-l', dir]),
  };
}

const disk = smallDisk();

const me = { pid: process.pid, host: 'this-test' };

function drive(store: ResultsStore, run: RunRecord, resumed: boolean) {
  const controller = createController(loadSearchSpace(searchSpacePath('tiny')), {
    strategy: 'greedy',
    methods: [{ key: 'kd', grid: [{}] }],
    seeds: [0, 1],
    exampleShape: [4],
    numClasses: 3,
  });
  // 160 kB of weights per node: a 1 MB disk is full after a few nodes.
  const trainer = fakeTrainer({ weightCount: () => 40_000 });
  return driveRun({ store, run, controller, trainer, maxAttempts: 2, probeEpochs: 1, backend: 'fake', resumed, leaseOwner: me });
}

test('a full disk mid-run: the first failing write is reported, no hop is counted failed, the run is interrupted and resume finishes it', { skip: typeof disk === 'string' ? disk : false }, async () => {
  if (typeof disk === 'string') return;
  try {
    const reference = openMemoryStore();
    const expected = (await drive(reference, reference.createRun(sampleRun), false)).result;

    const path = join(disk.dir, 'runs.db');
    let store = openStore(path);
    const run = store.createRun(sampleRun);
    assert.equal(store.claimLease(run.id, me, new Date(0).toISOString()), true);
    const error = await drive(store, run, false).then(
      () => assert.fail('the run finished on a 1 MB disk'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof StoreError, String(error));
    assert.match(error.message, /cannot (record node|mark node|record the teacher signal)[^:]*: database or disk is full/);
    assert.doesNotMatch(error.message, /release|status of run|failure of node/, 'the first failing write, not a later one');
    store.close();

    disk.grow();
    store = openStore(path);
    const nodes = store.listNodes(run.id);
    assert.ok(nodes.some((n) => n.status === 'done'), 'some nodes were written before the disk filled');
    assert.ok(nodes.every((n) => n.failures === 0), 'a result that could not be written is not the hop failing');
    assert.equal(store.getRun(run.id)!.status, 'interrupted', 'the stop is recorded in one small write that still fits');
    assert.match(store.getRun(run.id)!.error ?? '', /database or disk is full/);
    assert.equal(store.getLease(run.id), null, 'the lease is released in the same write');
    assert.ok(nodes.every((n) => n.status !== 'running'));
    const { result } = await drive(store, run, true);
    assert.deepEqual(result, expected);
    assert.equal(store.getRun(run.id)?.status, 'done');
    assert.ok(store.listNodes(run.id).every((n) => n.status === 'done' && n.failures === 0));
    store.close();
  } finally {
    disk.remove();
  }
});

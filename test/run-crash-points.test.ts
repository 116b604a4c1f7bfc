/**
 * Crash test: a search is SIGKILLed at several seeded points (training job numbers, counted across
 * the worker threads), once and twice per run, and each time `resume` must end with the chain of the
 * uninterrupted run, train exactly the reference run's nodes, and never retrain a finished node.
 * Set MULTIHOP_TEST_CRASH_SEED to draw other points; the seed and points are in the test names.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRng, type Rng } from '../src/core/random.js';
import { openStore, type NodeRecord } from '../src/store/index.js';
import type { RunSummary } from '../src/report/index.js';
import { runCli, spawnGatedCli, tempDir } from './fixtures/run/cli.js';

const SEARCH = ['search', '--space', 'tiny', '--workers', '2', '--json'];
const SEED = Number(process.env.MULTIHOP_TEST_CRASH_SEED ?? 1009);

/** The nodes as one kill left them, by key. */
type KillSnapshot = Map<string, NodeRecord>;

function readRun(db: string): { runId: string; nodes: Map<string, NodeRecord> } {
  const store = openStore(db, { readonly: true });
  try {
    const [run] = store.listRuns();
    assert.ok(run, `no run in ${db}`);
    return { runId: run.id, nodes: new Map(store.listNodes(run.id).map((n) => [n.key, n])) };
  } finally {
    store.close();
  }
}

/** Runs the CLI with training job `gateAt` held, SIGKILLs it once that job started, and reads the store. */
async function killAt(args: string[], db: string, gateAt: number): Promise<KillSnapshot> {
  const markers = tempDir('crash-gate');
  const child = await spawnGatedCli([...args, '--db', db], gateAt, markers);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  const { nodes } = readRun(db);
  // The held hop was marked running before its job reached the worker.
  assert.ok([...nodes.values()].some((n) => n.status === 'running'), `some hop is running in the store after the kill at job ${gateAt}`);
  return nodes;
}

function resumeArgs(db: string): string[] {
  return ['resume', readRun(db).runId, '--json'];
}

function keysWith(snapshot: KillSnapshot, status: NodeRecord['status']): string[] {
  return [...snapshot.values()].filter((n) => n.status === status).map((n) => n.key);
}

/** The uninterrupted run every killed run is compared with. */
interface Reference {
  summary: RunSummary;
  keys: string[];
  trainingJobs: number;
}

function referenceRun(): Reference {
  const db = join(tempDir('crash-reference'), 'reference.db');
  const result = runCli([...SEARCH, '--db', db]);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as RunSummary;
  assert.equal(summary.nodes.failed, 0);
  const keys = [...readRun(db).nodes.keys()].sort();
  // Uninterrupted, every node is trained exactly once: one training job per node.
  return { summary, keys, trainingJobs: keys.length };
}

/** Distinct kill points: an early one (the root or scratch training), a late one, and two between. */
function chooseKillPoints(rng: Rng, jobs: number): number[] {
  const early = 1 + rng.int(2);
  const late = jobs - rng.int(2);
  const middle = rng.shuffle(Array.from({ length: late - early - 1 }, (_, i) => early + 1 + i)).slice(0, 2);
  return [early, ...middle.sort((a, b) => a - b), late];
}

/** Resumes plainly (no gate) and checks the invariants against the reference and every kill's snapshot. */
function resumeAndCheck(reference: Reference, db: string, kills: KillSnapshot[]): void {
  const resumed = runCli([...resumeArgs(db), '--db', db]);
  assert.equal(resumed.status, 0, resumed.stderr);
  const actual = JSON.parse(resumed.stdout) as RunSummary;
  assert.equal(actual.run.status, 'done');
  assert.deepEqual(actual.chains, reference.summary.chains);
  assert.deepEqual(actual.root, reference.summary.root);

  const final = readRun(db).nodes;
  assert.deepEqual([...final.keys()].sort(), reference.keys, 'the resumed run trained exactly the reference run\'s nodes');
  for (const node of final.values()) {
    assert.equal(node.status, 'done', `node ${node.key} is done`);
    assert.equal(node.failures, 0, `node ${node.key}: interrupted starts are no failures`);
    // Started once, and once more after each kill that caught it running.
    const interrupted = kills.filter((kill) => kill.get(node.key)?.status === 'running').length;
    assert.equal(node.attempts, 1 + interrupted, `node ${node.key} was started once plus once per interruption`);
  }
  for (const [index, kill] of kills.entries()) {
    for (const key of keysWith(kill, 'done')) {
      const before = kill.get(key)!;
      const now = final.get(key)!;
      // 1 unless an earlier kill interrupted it; either way no start after it was done.
      assert.equal(now.attempts, before.attempts, `node ${key}, done before kill ${index + 1}, was retrained`);
      if (index === 0) assert.equal(now.attempts, 1, `node ${key}, done before the first kill, was started again`);
      assert.equal(now.finishedAt, before.finishedAt, `node ${key}, done before kill ${index + 1}, was rewritten`);
    }
  }
}

test(`SIGKILL at seeded points, then resume, gives the uninterrupted chain (seed ${SEED})`, async (t: TestContext) => {
  const reference = referenceRun();
  const rng = createRng(SEED);
  const points = chooseKillPoints(rng, reference.trainingJobs);
  t.diagnostic(`seed ${SEED}: ${reference.trainingJobs} training jobs; single kills at jobs ${points.join(', ')}`);

  for (const point of points) {
    await t.test(`killed once while training job ${point} of ${reference.trainingJobs} runs`, async () => {
      const db = join(tempDir('crash-once'), 'killed.db');
      const kill = await killAt(SEARCH, db, point);
      // With two workers, job n starts only after at least n - 2 jobs finished.
      assert.ok(keysWith(kill, 'done').length >= point - 2, `at least ${point - 2} nodes done when job ${point} started`);
      resumeAndCheck(reference, db, [kill]);
    });
  }

  const first = 2 + rng.int(reference.trainingJobs - 3);
  await t.test(`killed while training job ${first}, then again in the resume, then resumed`, async (t2) => {
    const db = join(tempDir('crash-twice'), 'killed.db');
    const kill1 = await killAt(SEARCH, db, first);
    // The resume starts the requeued hops before anything new, so holding one of its first jobs holds one of them.
    const second = 1 + rng.int(keysWith(kill1, 'running').length);
    t2.diagnostic(`seed ${SEED}: second kill at job ${second} of the resume`);
    const kill2 = await killAt(resumeArgs(db), db, second);
    const twice = keysWith(kill2, 'running').filter((key) => kill1.get(key)?.status === 'running');
    assert.ok(twice.length >= 1, 'some hop was interrupted by both kills');
    resumeAndCheck(reference, db, [kill1, kill2]);
  });
});

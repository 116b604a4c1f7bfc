/** Sweep progress: runs and hops counted across runs, and the ETA from the time per hop trained. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SweepProgressTracker, type SweepProgress } from '../src/sweep/index.js';
import type { RunProgress } from '../src/run/index.js';

test('runs done/total, hops of settled runs plus the current run, ETA from ms per hop trained', () => {
  let clock = 1_000;
  const seen: SweepProgress[] = [];
  const tracker = new SweepProgressTracker('s1', 4, (p) => seen.push(p), () => clock);
  // Run 1 was done before this session: 6 hops, none trained now.
  tracker.runSettled(6, false);
  assert.deepEqual(seen.at(-1), { sweepId: 's1', runsDone: 1, runsFailed: 0, runsTotal: 4, hopsDone: 6, hopsTotal: 6 });
  // Run 2 resumes with 2 of 8 hops done, then trains 2 more in 4 s: 2 s per hop.
  const progress = (done: number, total: number, best?: RunProgress['best']): RunProgress => ({ runId: 's1-2', done, failed: 0, total, running: 1, best, planning: { plans: 0, ms: 0 } });
  tracker.runProgress('s1-2', 'seeds=2', progress(2, 8));
  assert.equal(seen.at(-1)?.etaMs, undefined, 'no ETA before a hop is trained');
  clock += 4_000;
  tracker.runProgress('s1-2', 'seeds=2', progress(4, 8, { label: 'a → b', validation: 0.9 }));
  // Left: 4 hops of run 2, and 2 runs not started at 6 hops each (the mean of settled runs): 16 hops × 2 s.
  assert.deepEqual(seen.at(-1), {
    sweepId: 's1',
    runsDone: 1,
    runsFailed: 0,
    runsTotal: 4,
    hopsDone: 10,
    hopsTotal: 14,
    current: { runId: 's1-2', label: 'seeds=2', running: 1, best: { label: 'a → b', validation: 0.9 } },
    etaMs: 32_000,
  });
  // Run 2 ends with 8 hops; run 3 fails with none: 2 of 3 settled runs, 14 hops, failed counted.
  tracker.runSettled(8, false);
  tracker.runSettled(0, true);
  const last = seen.at(-1)!;
  assert.deepEqual([last.runsDone, last.runsFailed, last.hopsDone, last.hopsTotal, last.current], [3, 1, 14, 14, undefined]);
  // 6 hops trained (2 → 8) in 4 s; 1 run left at the mean of 14 hops over 3 settled runs.
  assert.ok(Math.abs((last.etaMs ?? NaN) - (4_000 / 6) * (14 / 3)) < 1e-6);
});

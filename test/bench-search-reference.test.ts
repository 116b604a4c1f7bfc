import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { test } from 'node:test';
import { exportSearch } from '../benchmarks/search/search-export.js';
import { renderSearchScaling, type SearchScalingReport } from '../benchmarks/search/search-scaling-report.js';
import { startSearchTiming, threadCpu, TIMING_CHANNEL, type WorkerTiming } from '../benchmarks/search/search-timing.js';
import { openStore } from '../src/store/index.js';
import { defaultSplitSettings } from '../src/data/index.js';

test('the PyTorch reference gets the run\'s own prepared rows and the search its controller resolved', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-search-export-'));
  const { spec, data } = await exportSearch({ space: 'tiny', methods: ['kd', 'sratio'], seeds: 2 }, dir);
  // A small file is read into Node's pooled buffer: copy out exactly its bytes.
  const bytes = (name: string) => {
    const buffer = readFileSync(join(dir, name));
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  };
  const train = new Float32Array(bytes('train-x.f32'));
  assert.deepEqual(train, data.train.features);
  assert.deepEqual(new Int32Array(bytes('validation-y.i32')), data.validation.labels);
  assert.deepEqual(spec.seeds, [0, 1]);
  // tiny.json: kd τ=4 α=0.7, sratio β=3 on the output probe, with sratio's own defaults filled in.
  assert.deepEqual(spec.configs, [
    { method: 'kd', params: { temperature: 4, alpha: 0.7 }, needsStudentScratch: false },
    { method: 'sratio', params: { beta: 3, probeSelection: 'output', clip: 1e-3, normalise: 'mean-one' }, needsStudentScratch: true },
  ]);
  // digits: 64 inputs, 10 classes; mlp[16] = 64·16 + 16 + 16·10 + 10.
  assert.equal(spec.candidates.find((c) => c.label === 'mlp[16]')?.params, 1210);
  assert.equal(spec.training.root.maxEpochs, 8);
  assert.equal(spec.training.target.maxEpochs, 4);
});

test('a search the script cannot reproduce is refused, not compared', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-search-export-'));
  await assert.rejects(exportSearch({ space: 'tabular-mlp', methods: ['kd'], seeds: 1 }, dir), /constructs archs/);
  await assert.rejects(exportSearch({ space: 'default', methods: ['kd'], seeds: 1 }, dir), /mlp searches only/);
});

test('the timed store counts writes and reads and still behaves as the store', async () => {
  const store = openStore(':memory:');
  const timing = startSearchTiming(store);
  let finished = false;
  try {
  const run = timing.store.createRun({ command: [], config: {}, dataset: { name: 'd', hash: 'h' }, split: defaultSplitSettings, backend: 'cpu', strategy: 'greedy', methods: [], seeds: [0], workers: 1 });
  assert.equal(store.getRun(run.id)?.id, run.id);
  timing.store.nodeOutcomes(run.id);
  // Planning comes from the run's progress: the last report counts.
  timing.onProgress({ runId: run.id, done: 0, failed: 0, total: 0, running: 0, planning: { plans: 1, ms: 2 } });
  timing.onProgress({ runId: run.id, done: 0, failed: 0, total: 0, running: 0, planning: { plans: 3, ms: 5 } });
  const split = await timing.finish(2);
  finished = true;
  assert.ok(split.storeWriteS > 0 && split.storeReadS > 0);
  assert.equal(split.plans, 3);
  assert.equal(split.planS, 0.005);
  // No worker posted anything: all of wall × workers is idle.
  assert.ok(Math.abs(split.idleS - split.wallS * 2) < 1e-9);
  } finally {
    // The timing channel keeps the process alive until closed.
    if (!finished) await timing.finish(1);
    store.close();
  }
});

function report(productHops: number, torchHops: number): SearchScalingReport {
  const time = { workers: 1, wallS: 10, startupS: 1, trainingS: 4, jobOverheadS: 1, signalS: 3, idleS: 1, mainBusyS: 1, storeWriteS: 0.1, storeReadS: 0.1, planS: 0.1, plans: 5 };
  const run = { workers: 1, wallS: 10, nodesTrained: 73, teacherSignals: 10, childrenTaught: 63, hopsPerCoreHour: productHops, peakExtraRssMiB: 50, chain: 'a → b', time };
  return {
    machine: 'test',
    commit: 'x',
    date: 'today',
    request: { space: 'search-mlp', spaceFile: 'benchmarks/search/search-mlp.json', methods: ['kd'], seeds: 3 },
    runs: [run, { ...run, workers: 2, wallS: 6, hopsPerCoreHour: productHops / 1.2, time: { ...time, workers: 2, wallS: 6 } }],
    startups: [],
    speedup: 10 / 6,
    pytorch: { torch: '1', threads: 1, wallS: 20, nodesTrained: 73, teacherSignals: 10, trainingS: 19, signalS: 1, hopsPerCoreHour: torchHops, chain: 'a → b', differences: ['one'] },
  };
}

test('speed.md states the product/PyTorch ratio of the best product row and whether the 2× goal is met', () => {
  assert.match(renderSearchScaling(report(30000, 10000)), /Best product row \(1 worker\): \*\*3\.00×, met\*\*/);
  assert.match(renderSearchScaling(report(15000, 10000)), /\*\*1\.50×, missed\*\*/);
  // 1.67× with 2 workers misses the 1.8× goal; the time split shows shares of wall × workers.
  const text = renderSearchScaling(report(15000, 10000));
  assert.match(text, /goal ≥ 1\.8× on 2 cores: \*\*missed\*\*/);
  assert.match(text, /\| 1 \| 10\.0 \| 1\.0 \(10%\) \| 4\.0 \(40%\) \| 1\.0 \(10%\) \| 3\.0 \(30%\) \| 1\.0 \(10%\) \|/);
  assert.match(text, /- one/);
  // Both runs did the same work (8 s): without start-up and idle, 2 workers would be twice as fast.
  assert.match(text, /With no start-up and no idle at all in either run, the speed-up would be 2\.00×/);
});

test('speed.md sets the search\'s speed-up beside the host\'s ceiling and a longer search', () => {
  const text = renderSearchScaling({
    ...report(15000, 10000),
    ceiling: { jobs: 80, archs: ['mlp[8]', 'mlp[4]'], oneS: 1.0, twoS: 0.55, roundsOneS: [1.1, 1.0], roundsTwoS: [0.6, 0.55], oneHopMs: 10, twoHopMs: 11 },
    longer: { seeds: 10, nodesTrained: 240, oneS: 3.2, twoS: 2.0, roundsOneS: [3.3, 3.2], roundsTwoS: [2.1, 2.0], sameChain: true },
  });
  assert.match(text, /Two workers give \*\*1\.82×\*\* one here, each hop taking 10% longer beside another than alone: that is this host's ceiling for the search's 1\.67×/);
  assert.match(text, /with 10 seeds \(240 nodes\)[^\n]*\*\*1\.60×\*\*, the same chain/);
  // Without the measurements the section is left out, not rendered empty.
  assert.doesNotMatch(renderSearchScaling(report(15000, 10000)), /host's own ceiling/);
});

/**
 * Times a search on an in-memory store while `body` posts what workers would, as a timed worker
 * does, then closes the channel and the store.
 */
async function withTiming(body: (post: BroadcastChannel, timing: ReturnType<typeof startSearchTiming>) => Promise<void>): Promise<void> {
  const store = openStore(':memory:');
  const timing = startSearchTiming(store);
  const post = new BroadcastChannel(TIMING_CHANNEL);
  try {
    await body(post, timing);
  } finally {
    post.close();
    store.close();
  }
}

test('a worker\'s wait for the pool to send its data counts as idle, not start-up', () =>
  withTiming(async (post, timing) => {
    const now = performance.timeOrigin + performance.now();
    post.postMessage({ kind: 'ready', thread: 1, started: now, ended: now + 300, waitingMs: 200 } satisfies WorkerTiming);
    await new Promise((resolve) => setTimeout(resolve, 350));
    const split = await timing.finish(1);
    assert.ok(Math.abs(split.startupS - 0.1) < 1e-6, `start-up ${split.startupS} s`);
    assert.ok(Math.abs(split.startupS + split.idleS - split.wallS) < 1e-6);
  }));

test('each worker\'s CPU is its last post\'s, and the rest of the process counts as other threads', () =>
  withTiming(async (post, timing) => {
    const now = performance.timeOrigin + performance.now();
    // Cumulative per thread: thread 1's later post replaces its earlier one, thread 2 adds its own.
    post.postMessage({ kind: 'train', thread: 1, started: now, ended: now + 1, trainMs: 1, cpu: { runMs: 100, waitMs: 5 } } satisfies WorkerTiming);
    post.postMessage({ kind: 'train', thread: 1, started: now + 1, ended: now + 2, trainMs: 1, cpu: { runMs: 300, waitMs: 20 } } satisfies WorkerTiming);
    post.postMessage({ kind: 'signal', thread: 2, started: now, ended: now + 2, cpu: { runMs: 50, waitMs: 1 } } satisfies WorkerTiming);
    // Make this process burn some CPU of its own (main thread) while the search is timed.
    const until = performance.now() + 60;
    while (performance.now() < until);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const split = await timing.finish(2);
    if (threadCpu() === null) {
      assert.equal(split.cpu, undefined, 'no schedstat: no CPU split');
      return;
    }
    assert.ok(split.cpu, 'CPU split measured');
    assert.ok(Math.abs(split.cpu.workersS - 0.35) < 1e-9, `workers ${split.cpu.workersS}`);
    assert.ok(Math.abs(split.cpu.workersWaitS - 0.021) < 1e-9);
    assert.ok(split.cpu.mainS >= 0.05, `main ${split.cpu.mainS} s after a 60-ms busy loop`);
    assert.ok(split.cpu.processS >= split.cpu.mainS);
    // The posted worker CPU is not this process's here, so the rest clamps at 0 rather than going negative.
    assert.ok(split.cpu.otherS >= 0);
  }));

test('speed.md bounds the speed-up by the 2-worker search\'s CPU time on 2 cores', () => {
  const base = report(15000, 10000);
  const cpu = (processS: number, workersS: number, mainS: number) => ({ processS, mainS, mainWaitS: 0.01, workersS, workersWaitS: 0.3, otherS: processS - workersS - mainS });
  const text = renderSearchScaling({
    ...base,
    runs: [
      { ...base.runs[0], wallS: 1.2, time: { ...base.runs[0].time!, wallS: 1.2, cpu: cpu(1.5, 1.1, 0.15) } },
      { ...base.runs[1], wallS: 0.9, time: { ...base.runs[1].time!, wallS: 0.9, cpu: cpu(1.71, 1.3, 0.15) } },
    ],
  });
  assert.match(text, /\| 2 \| 0\.90 \| 1\.80 \| 1\.71 \(95%\) \| 1\.30 \| 0\.15 \| 0\.26 \| 0\.30 \/ 0\.01 \|/);
  // 1.2 s / (1.71 CPU-s / 2 cores) = 1.40×; 1.8× needs at most 2 × 1.2 / 1.8 = 1.33 CPU-s.
  assert.match(text, /a speed-up of at most 1\.40×, against the 1\.33× these two searches measured/);
  assert.match(text, /no more than 1\.33 CPU-seconds, 0\.38 s less than it did/);
  // Without per-thread CPU the table is left out.
  assert.doesNotMatch(renderSearchScaling(base), /CPU time of the same searches/);
});

test('speed.md\'s start-up table says which pools loaded TF.js; rows from older files are the ones that did', () => {
  const base = report(15000, 10000);
  const text = renderSearchScaling({
    ...base,
    startups: [
      { workers: 2, startupMs: 190, rssPerWorkerMiB: 27 },
      { workers: 2, tfjs: false, startupMs: 95, rssPerWorkerMiB: 18 },
    ],
  });
  assert.match(text, /\| 2 \| yes \| 190 \| 27 \|\n\| 2 \| no \| 95 \| 18 \|/);
});

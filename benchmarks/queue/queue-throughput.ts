/**
 * Hops across machines, measured: the same fixed search through the queue with 1, 2 and 4
 * `multihop worker` processes (one thread each), in hops/s, against the local pool with as many
 * threads, and the overhead per hop that the queue adds; plus the bytes that cross Redis (the
 * dataset once, each job and each result), which bound what one coordinator can take.
 *
 *   npm run build && node dist/benchmarks/queue/queue-throughput.js [--space tiny --seeds 2 --counts 1,2,4]
 *
 * Starts its own redis-server (the test fixture's), flushed between runs so no run collects
 * another's results. Writes benchmarks/results/queue-throughput.json and .md.
 */
import { cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadDataset, prepareData, toSharedMemory } from '../../src/data/index.js';
import type { HopTrainer, TrainJob } from '../../src/hop/index.js';
import { createPoolTrainer } from '../../src/pool/index.js';
import { createQueueTrainer } from '../../src/queue/index.js';
import { startRedis } from '../../test/fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from '../../test/fixtures/queue/workers.js';
import { tempDir } from '../../test/fixtures/run/cli.js';
import { nodesOf } from '../../test/fixtures/run/stored-nodes.js';

interface Measurement {
  mode: 'queue' | 'pool';
  parallelism: number;
  hops: number;
  wallS: number;
  hopsPerS: number;
}

const { values } = parseArgs({ options: { space: { type: 'string', default: 'tiny' }, seeds: { type: 'string', default: '2' }, counts: { type: 'string', default: '1,2,4' } } });
const counts = values.counts.split(',').map(Number);
const search = ['search', '--space', values.space, '--seeds', values.seeds, '--json'];
const dir = tempDir('bench-queue');

async function timed(args: string[], db: string): Promise<{ wallS: number; hops: number }> {
  const started = performance.now();
  const result = await runCliAsync([...args, '--db', db]);
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stderr}`);
  return { wallS: (performance.now() - started) / 1000, hops: nodesOf(db).length };
}

/** A one-epoch mlp[4] on iris: the hop itself costs next to nothing, what remains is the trainer's overhead. */
const tinyHop = (i: number): TrainJob => ({
  kind: 'train',
  hop: { key: (0xbe0c000000000000n + BigInt(i)).toString(16), parentKey: null, arch: { family: 'mlp', hidden: [4] }, method: 'scratch', params: {}, seed: i, role: 'scratch' },
  settings: { maxEpochs: 1, batchSize: 32, learningRate: 0.01, patience: 1 },
});

/** Mean ms per tiny hop, one at a time, after a first hop that starts the trainer's threads. */
async function roundTripMs(trainer: HopTrainer, hops = 30): Promise<number> {
  await trainer.train(tinyHop(0));
  const started = performance.now();
  for (let i = 1; i <= hops; i++) await trainer.train(tinyHop(i));
  return (performance.now() - started) / hops;
}

const redis = await startRedis();
const client = new Redis(redis.url);
const iris = prepareData(await loadDataset('iris'), { seed: 1, trainFraction: 0.6, validationFraction: 0.2, rootShare: 0, standardise: 'per-feature' });
const pool = createPoolTrainer({ data: toSharedMemory(iris), workers: 1 });
const poolRoundTripMs = await roundTripMs(pool);
await pool.close();
const probeWorker = await spawnWorker(redis.url);
const queueTrainer = await createQueueTrainer({ url: redis.url, data: iris });
const queueRoundTripMs = await roundTripMs(queueTrainer);
await queueTrainer.close();
await probeWorker.stop();
await client.flushall();
const measurements: Measurement[] = [];
const sizes = { datasetBytes: 0, jobBytes: [] as number[], resultBytes: [] as number[] };
try {
  for (const n of counts) {
    const local = await timed([...search, '--workers', String(n)], join(dir, `pool-${n}.db`));
    measurements.push({ mode: 'pool', parallelism: n, ...local, hopsPerS: local.hops / local.wallS });
    await client.flushall();
    const workers = await Promise.all(Array.from({ length: n }, () => spawnWorker(redis.url)));
    try {
      const queued = await timed([...search, '--queue', redis.url, '--jobs', String(2 * n)], join(dir, `queue-${n}.db`));
      measurements.push({ mode: 'queue', parallelism: n, ...queued, hopsPerS: queued.hops / queued.wallS });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const [datasetKey] = await client.keys('multihop:dataset:*');
    sizes.datasetBytes = await client.strlen(datasetKey);
    for (const key of await client.keys('bull:multihop-hops:train-*')) {
      sizes.jobBytes.push(await client.hstrlen(key, 'data'));
      sizes.resultBytes.push(await client.hstrlen(key, 'returnvalue'));
    }
  }
} finally {
  client.disconnect();
  await redis.stop();
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const overhead = counts.map((n) => {
  const pool = measurements.find((m) => m.mode === 'pool' && m.parallelism === n)!;
  const queue = measurements.find((m) => m.mode === 'queue' && m.parallelism === n)!;
  return { parallelism: n, extraSPerHop: (queue.wallS - pool.wallS) / queue.hops, relative: queue.wallS / pool.wallS - 1 };
});
const report = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, loadAverageAtEnd: loadavg()[0] },
  search: search.join(' '),
  measurements,
  overhead,
  roundTripMs: { pool: poolRoundTripMs, queue: queueRoundTripMs },
  bytes: { dataset: sizes.datasetBytes, meanJob: Math.round(mean(sizes.jobBytes)), meanResult: Math.round(mean(sizes.resultBytes)) },
};
const results = fileURLToPath(new URL('../../../benchmarks/results/', import.meta.url));
writeFileSync(join(results, 'queue-throughput.json'), `${JSON.stringify(report, null, 2)}\n`);
const rows = measurements.map((m) => `| ${m.mode} | ${m.parallelism} | ${m.hops} | ${m.wallS.toFixed(1)} | ${m.hopsPerS.toFixed(2)} |`);
const md = [
  `# Hops through the queue (${report.date.slice(0, 10)}, ${report.machine.cores} cores, load ${report.machine.loadAverageAtEnd.toFixed(1)} at the end)`,
  '',
  `\`multihop ${report.search}\`: the local pool with n threads against n \`multihop worker\` processes of one thread each on the same machine.`,
  '',
  '| trainer | n | hops | wall s | hops/s |',
  '|---|---|---|---|---|',
  ...rows,
  '',
  ...overhead.map((o) => `- n = ${o.parallelism}: end to end, the queue adds ${(1000 * o.extraSPerHop).toFixed(0)} ms a hop (${(100 * o.relative).toFixed(1)} % of the run's wall time), start-up included: each worker starts its pool on its first hop, and the coordinator publishes the dataset.`),
  `- Round trip of a near-empty hop (one-epoch mlp[4] on iris, one at a time, warm): ${poolRoundTripMs.toFixed(1)} ms through the local pool, ${queueRoundTripMs.toFixed(1)} ms through the queue, so ${(queueRoundTripMs - poolRoundTripMs).toFixed(1)} ms of queue overhead a hop once running.`,
  `- Bytes through Redis: the dataset once (${(report.bytes.dataset / 1024).toFixed(0)} KiB), then per training hop a job of ${(report.bytes.meanJob / 1024).toFixed(1)} KiB and a result of ${(report.bytes.meanResult / 1024).toFixed(1)} KiB (mean).`,
  '',
].join('\n');
writeFileSync(join(results, 'queue-throughput.md'), md);
process.stdout.write(md);

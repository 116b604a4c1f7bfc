/**
 * Time of computeTeacherSignal for the search benchmark's root (digits, mlp[128-64];
 * benchmarks/search/search-mlp.json), by probe-training path, best of several rounds, with the
 * load average beside each figure. The reference is the per-batch TF.js path every signal took
 * before issue 15 item 4 (MULTIHOP_PROBE_CACHE_MIB=0 and MULTIHOP_FUSED_STEP=0); the script also
 * prints how far each path's probes are from it.
 *
 *   npm run build && node dist/benchmarks/signal/teacher-signal-speed.js [--rounds 5]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/backend/index.js';
import type { TeacherSignal } from '../../src/core/index.js';
import { loadDataset, prepareData } from '../../src/data/index.js';
import { computeTeacherSignal, trainNode } from '../../src/training/index.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);

const PATHS = [
  { name: 'per-batch TF.js (before)', env: { MULTIHOP_PROBE_CACHE_MIB: '0', MULTIHOP_FUSED_STEP: '0' } },
  { name: 'cached activations, TF.js probes', env: { MULTIHOP_PROBE_CACHE_MIB: undefined, MULTIHOP_FUSED_STEP: '0' } },
  { name: 'cached activations, native probes', env: { MULTIHOP_PROBE_CACHE_MIB: undefined, MULTIHOP_FUSED_STEP: undefined } },
] as const;

function setEnv(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

function maxDifference(a: TeacherSignal, b: TeacherSignal): { confidence: number; accuracy: number } {
  let confidence = 0;
  let accuracy = 0;
  a.probes.forEach((probe, k) => {
    accuracy = Math.max(accuracy, Math.abs(probe.validationAccuracy - b.probes[k].validationAccuracy));
    probe.trainTrueConfidence.forEach((p, i) => (confidence = Math.max(confidence, Math.abs(p - b.probes[k].trainTrueConfidence[i]))));
  });
  return { confidence, accuracy };
}

const backend = await initBackend('wasm', { quiet: true });
const data = prepareData(await loadDataset('digits'));
const arch = { family: 'mlp' as const, hidden: [128, 64] };
const root = await trainNode(data, arch, { maxEpochs: 40, batchSize: 32, learningRate: 0.01, patience: 5 }, {}, 1);
console.log(`digits: ${data.train.count} train rows, ${data.validation.count} validation rows; root ${JSON.stringify(arch.hidden)} on ${backend.name}`);
console.log('host: 2-core AMD EPYC, AVX-512 (avx512f/bw/vl) and AVX2; shared with other tenants (see load average)');

// One untimed call per path (JIT compilation, kernel set-up), then rounds that interleave the
// paths, so a change in the host's load touches every path alike.
const results: Array<{ name: string; best: number; signal: TeacherSignal }> = [];
for (const path of PATHS) {
  setEnv(path.env);
  results.push({ name: path.name, best: Number.POSITIVE_INFINITY, signal: await computeTeacherSignal(data, arch, root.weights, { seed: 1 }) });
}
for (let round = 0; round < rounds; round++) {
  for (const [p, path] of PATHS.entries()) {
    setEnv(path.env);
    const started = performance.now();
    results[p].signal = await computeTeacherSignal(data, arch, root.weights, { seed: 1 });
    results[p].best = Math.min(results[p].best, performance.now() - started);
  }
}
setEnv({ MULTIHOP_PROBE_CACHE_MIB: undefined, MULTIHOP_FUSED_STEP: undefined });

const reference = results[0];
console.log(`\ncomputeTeacherSignal, best of ${rounds} rounds, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('| path | ms | speed-up | max |Δ trueConfidence| | max |Δ probe val. accuracy| |');
console.log('|---|---|---|---|---|');
for (const { name, best, signal } of results) {
  const difference = maxDifference(signal, reference.signal);
  console.log(`| ${name} | ${best.toFixed(1)} | ${(reference.best / best).toFixed(2)}× | ${difference.confidence.toExponential(2)} | ${difference.accuracy.toFixed(4)} |`);
}

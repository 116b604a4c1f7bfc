/**
 * `npm run bench:speed`: training throughput of the issue-6 workloads with the stock WASM
 * kernels (before) and with our fast kernels and fused dense step (after; trainNode also with the
 * fused step off), PyTorch on CPU with the same thread count,
 * and GFLOP/s of the matmul/conv kernels next to measured peaks. Writes
 * benchmarks/results/speed.md and speed.json.
 *
 * Each mode runs in its own child process so kernel registrations cannot leak between them. The
 * modes run interleaved for several rounds and each figure is the best round's, so load from
 * other processes on a shared machine penalises neither side more than the other.
 * Options: --seconds <s per workload> (default 2), --rounds <n> (default 3), --out <dir>,
 * --render (rewrite speed.md from the speed.json in --out, e.g. after editing
 * speed-analysis.md), --child <stock|fast> (internal).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend/index.js';
import { CONV_SHAPES, GEMM_SHAPES, PEAK_GEMM, SPEED_WORKLOADS } from './speed-workloads.js';
import { measureTrainNode, measureTraining, type TrainingSpeed } from './speed-training.js';
import { measureConv, measureGemm, type KernelSpeed } from './speed-kernels.js';
import { readSearchScaling } from '../search/search-scaling-report.js';
import { renderSpeedMarkdown, type SpeedReport, type ModeResult, type PytorchResult, type SimdLevelKernels } from './speed-report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root: dist/benchmarks/speed → ../../.. */
const repoRoot = path.resolve(here, '../../..');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function runChild(mode: 'stock' | 'fast', seconds: number): Promise<ModeResult> {
  // The product's backend start-up (src/backend): stock TF.js wasm kernels plus multihop's JS
  // kernels, plus the native ones in fast mode (the stock child runs with MULTIHOP_NATIVE_KERNELS=0).
  const backendInfo = await initBackend('wasm', { quiet: true });
  const kernels = await import('../../src/kernels/index.js');
  const registered = backendInfo.customKernels;
  const nativeInfo = kernels.fastKernelInfo() as unknown as Record<string, unknown>;
  const training: TrainingSpeed[] = SPEED_WORKLOADS.map((w) => measureTraining(w, seconds));
  const trainNodeSpeed: TrainingSpeed[] = [];
  for (const w of SPEED_WORKLOADS) trainNodeSpeed.push(await measureTrainNode(w, seconds));
  // The same trainNode with its fused dense step turned off: TF.js with the fast kernels.
  let trainNodeTfjs: TrainingSpeed[] | undefined;
  if (mode === 'fast') {
    process.env.MULTIHOP_FUSED_STEP = '0';
    trainNodeTfjs = [];
    for (const w of SPEED_WORKLOADS) trainNodeTfjs.push(await measureTrainNode(w, seconds));
    delete process.env.MULTIHOP_FUSED_STEP;
  }
  const gemm: KernelSpeed[] = GEMM_SHAPES.map((s) => measureGemm(s));
  const conv: KernelSpeed[] = CONV_SHAPES.map((s) => measureConv(s));
  const peak = measureGemm(PEAK_GEMM, 1000);
  let alternative: ModeResult['alternative'] = null;
  if (mode === 'fast') {
    const current = kernels.fastKernelInfo().gemm;
    const other = current === 'own' ? 'openblas' : 'own';
    if (current !== null && kernels.selectNativeGemm(other)) {
      alternative = { gemm: other, gemmShapes: GEMM_SHAPES.map((s) => measureGemm(s)), peak: measureGemm(PEAK_GEMM, 1000) };
      kernels.selectNativeGemm(current);
    }
  }
  const lowerSimd: SimdLevelKernels[] = [];
  const chosen = kernels.fastKernelInfo().simd;
  if (mode === 'fast' && chosen !== null) {
    for (const level of (['avx512', 'avx2', 'base'] as const).slice(chosen === 'avx512' ? 1 : chosen === 'avx2' ? 2 : 3)) {
      if (!kernels.selectNativeSimd(level)) continue;
      const measured = [...GEMM_SHAPES.map((s) => measureGemm(s)), ...CONV_SHAPES.map((s) => measureConv(s))];
      lowerSimd.push({ simd: kernels.fastKernelInfo().simd ?? level, kernels: measured, peak: measureGemm(PEAK_GEMM, 1000) });
    }
    kernels.selectNativeSimd(chosen === 'sse2' ? 'base' : (chosen as 'avx512' | 'avx2' | 'base'));
  }
  return { mode, backend: tf.getBackend(), registered, nativeInfo, training, trainNode: trainNodeSpeed, trainNodeTfjs, gemm, conv, peak, alternative, lowerSimd };
}

function childResult(mode: 'stock' | 'fast', seconds: number): ModeResult | { mode: string; error: string } {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, '--seconds', String(seconds)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', ...(mode === 'stock' ? { MULTIHOP_NATIVE_KERNELS: '0' } : {}) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('{"mode"'));
  if (child.status !== 0 || line === undefined) {
    return { mode, error: `child exited ${child.status}: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  }
  return JSON.parse(line) as ModeResult;
}

type ChildResult = ModeResult | { mode: string; error: string };

function best<T extends { label?: string; name?: string }>(rounds: T[][], score: (t: T) => number): T[] {
  return rounds[0].map((_, i) => rounds.map((r) => r[i]).reduce((a, b) => (score(b) > score(a) ? b : a)));
}

/** Per workload, the best round's wall-clock rate and, separately, the best round's CPU-time rate. */
function bestRates<T extends { name: string; samplesPerSec: number | null; samplesPerCpuSec?: number | null }>(rounds: T[][]): T[] {
  return best(rounds, (t) => t.samplesPerSec ?? -1).map((t, i) => {
    const cpu = rounds.map((r) => r[i]?.samplesPerCpuSec ?? -1).reduce((a, b) => Math.max(a, b), -1);
    return { ...t, samplesPerCpuSec: cpu > 0 ? cpu : null };
  });
}

/** Per workload and kernel, the best of the rounds (a failure stays a failure). */
function bestOfModes(rounds: ChildResult[]): ChildResult {
  const ok = rounds.filter((r): r is ModeResult => !('error' in r));
  if (ok.length === 0) return rounds[0];
  return {
    ...ok[0],
    training: best(ok.map((r) => r.training), (t) => t.samplesPerSec ?? -1),
    trainNode: bestRates(ok.map((r) => r.trainNode)),
    trainNodeTfjs: ok[0].trainNodeTfjs ? best(ok.map((r) => r.trainNodeTfjs ?? []), (t) => t.samplesPerSec ?? -1) : undefined,
    gemm: best(ok.map((r) => r.gemm), (k) => k.gflops),
    conv: best(ok.map((r) => r.conv), (k) => k.gflops),
    peak: best(ok.map((r) => [r.peak]), (k) => k.gflops)[0],
    alternative: ok[0].alternative
      ? {
          gemm: ok[0].alternative.gemm,
          gemmShapes: best(ok.map((r) => r.alternative?.gemmShapes ?? []), (k) => k.gflops),
          peak: best(ok.map((r) => (r.alternative ? [r.alternative.peak] : [])), (k) => k.gflops)[0],
        }
      : null,
    lowerSimd: (ok[0].lowerSimd ?? []).map((level, i) => ({
      simd: level.simd,
      kernels: best(ok.map((r) => r.lowerSimd?.[i]?.kernels ?? level.kernels), (k) => k.gflops),
      peak: best(ok.map((r) => [r.lowerSimd?.[i]?.peak ?? level.peak]), (k) => k.gflops)[0],
    })),
  };
}

function bestOfPytorch(rounds: PytorchResult[]): PytorchResult {
  const ok = rounds.filter((r) => r.available && r.results);
  if (ok.length === 0) return rounds[0];
  return { ...ok[0], results: bestRates(ok.map((r) => r.results ?? [])) };
}

function pytorchResult(seconds: number): PytorchResult {
  const script = path.join(repoRoot, 'benchmarks/speed/pytorch-reference.py');
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const child = spawnSync(python, [script, '--threads', '1', '--seconds', String(seconds), '--workloads', JSON.stringify(SPEED_WORKLOADS)], {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (child.error || child.status !== 0) {
    return { available: false, note: `PyTorch reference did not run: ${child.error?.message ?? child.stderr.trim().split('\n').pop()}` };
  }
  return JSON.parse(child.stdout) as PytorchResult;
}

function machine(): SpeedReport['machine'] {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const flags = (cpuinfo.match(/^flags\s*:(.*)$/m)?.[1] ?? '').trim().split(/\s+/);
  return {
    cpu: cpuinfo.match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    simd: ['avx512f', 'avx2', 'fma'].filter((f) => flags.includes(f)),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    tfjs: tf.version.tfjs,
  };
}

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src/kernels', 'native', 'benchmarks/speed'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return dirty ? `${sha} (+ uncommitted kernel/benchmark changes)` : sha;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const seconds = Number(option('seconds', '2'));
  const child = option('child', '');
  if (child === 'stock' || child === 'fast') {
    process.stdout.write(`${JSON.stringify(await runChild(child, seconds))}\n`);
    return;
  }
  const rounds = Number(option('rounds', '3'));
  const outDir = path.resolve(option('out', path.join(repoRoot, 'benchmarks/results')));
  const analysisFile = path.join(repoRoot, 'benchmarks/speed/speed-analysis.md');
  const analysis = (): string => (existsSync(analysisFile) ? readFileSync(analysisFile, 'utf8') : '');
  if (process.argv.includes('--render')) {
    const saved = JSON.parse(readFileSync(path.join(outDir, 'speed.json'), 'utf8')) as SpeedReport;
    writeFileSync(path.join(outDir, 'speed.md'), renderSpeedMarkdown(saved, analysis(), readSearchScaling(outDir)));
    return;
  }
  const stock: ChildResult[] = [];
  const fast: ChildResult[] = [];
  const pytorch: PytorchResult[] = [];
  const loadAverages: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    loadAverages.push(os.loadavg()[0]);
    console.error(`speed: round ${round}/${rounds}: stock WASM kernels (before)…`);
    stock.push(childResult('stock', seconds));
    console.error(`speed: round ${round}/${rounds}: fast kernels (after)…`);
    fast.push(childResult('fast', seconds));
    const last = fast[fast.length - 1];
    if (!('error' in last) && last.nativeInfo) {
      console.error(`speed: native kernels ran ${String(last.nativeInfo.simd)}, chosen at run time (CPU supports ${String(last.nativeInfo.simdSupported)})`);
    }
    console.error(`speed: round ${round}/${rounds}: PyTorch reference…`);
    pytorch.push(pytorchResult(seconds));
  }
  const report: SpeedReport = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(),
    threads: 1,
    secondsPerWorkload: seconds,
    rounds,
    loadAverages,
    modes: [bestOfModes(stock), bestOfModes(fast)],
    pytorch: bestOfPytorch(pytorch),
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'speed.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'speed.md'), renderSpeedMarkdown(report, analysis(), readSearchScaling(outDir)));
  console.error(`speed: wrote ${path.join(outDir, 'speed.md')} and speed.json`);
}

await main();

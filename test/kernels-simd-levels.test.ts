/**
 * The native addon is built for a portable baseline and picks AVX-512, AVX2 or the baseline
 * (SSE2 on x86-64) when it loads (native/simd.h). These tests check the detection against the
 * CPU's flags, that MULTIHOP_SIMD lowers the level, and rerun the kernel parity test files with
 * every lower level this CPU has, so that each compiled path is compared with TF.js's kernels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fastKernelInfo, loadNativeKernels } from '../src/kernels/index.js';

const info = fastKernelInfo();
const skip = info.native ? false : `native addon not built: ${info.reason}`;
const here = path.dirname(fileURLToPath(import.meta.url));
const LEVELS = ['avx512', 'avx2', 'base'] as const;
/** Index in LEVELS of the best level the CPU has (the x86 baseline reports itself as 'sse2'). */
const supportedIndex = LEVELS.indexOf((info.simdSupported === 'sse2' ? 'base' : info.simdSupported ?? 'base') as (typeof LEVELS)[number]);

/** The level the CPU's flags allow, from /proc/cpuinfo; null where that file says nothing. */
function levelFromCpuinfo(): string | null {
  if (process.arch !== 'x64') return process.arch === 'ia32' ? null : 'base';
  let text: string;
  try {
    text = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return null;
  }
  const line = text.split('\n').find((l) => l.startsWith('flags'));
  if (line === undefined) return null;
  const flags = new Set(line.split(':')[1].trim().split(/\s+/));
  if (['avx512f', 'avx512vl', 'avx512bw', 'avx512dq'].every((f) => flags.has(f))) return 'avx512';
  if (flags.has('avx2') && flags.has('fma')) return 'avx2';
  return 'sse2';
}

function childEnv(level: string): NodeJS.ProcessEnv {
  return { ...process.env, MULTIHOP_SIMD: level, NODE_TEST_CONTEXT: undefined };
}

test('the addon detects the best instruction set the CPU has, and uses it', { skip }, () => {
  const expected = levelFromCpuinfo();
  if (expected !== null) assert.equal(info.simdSupported, expected);
  if (process.env.MULTIHOP_SIMD === undefined) assert.equal(info.simd, info.simdSupported);
});

test('setSimd refuses a level above the CPU\'s and an unknown name', { skip }, () => {
  const native = loadNativeKernels();
  assert.ok(native !== null);
  for (const [i, level] of LEVELS.entries()) assert.equal(native.setSimd(level), i >= supportedIndex, level);
  assert.throws(() => native.setSimd('avx1024' as 'avx2'), /setSimd expects/);
  assert.ok(native.setSimd(LEVELS[supportedIndex]));
  assert.equal(native.info().simd, info.simdSupported);
});

const script = "const a = require(process.argv[1]); process.stdout.write(a.info().simd)";
const addon = path.resolve(here, '../../native/build/Release/multihop_kernels.node');

for (const level of ['avx2', 'base'] as const) {
  const levelSkip = skip || (LEVELS.indexOf(level) >= supportedIndex ? false : `this CPU lacks ${level}`);

  test(`MULTIHOP_SIMD=${level} lowers the level when the addon loads`, { skip: levelSkip }, () => {
    const child = spawnSync(process.execPath, ['-e', script, addon], { env: childEnv(level), encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, level === 'base' && process.arch === 'x64' ? 'sse2' : level);
  });

  test(`GEMM, im2col conv, Adam, MaxPoolGrad and the fused dense step match TF.js with MULTIHOP_SIMD=${level}`, { skip: levelSkip }, () => {
    const files = ['kernels-matmul-parity', 'kernels-conv-parity', 'kernels-fast-adam', 'kernels-fused-mlp-parity', 'kernels-max-pool-grad-parity'].map((f) =>
      path.join(here, `${f}.test.js`));
    const child = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], { env: childEnv(level), encoding: 'utf8' });
    const summary = (child.stdout.match(/^# (pass|fail|skipped) \d+$/gm) ?? []).join(', ');
    assert.equal(child.status, 0, `${summary}\n${child.stdout.split('\n').filter((l) => /not ok|error/.test(l)).join('\n')}`);
    assert.match(summary, /# fail 0/);
    assert.match(summary, /# pass [1-9]/, 'no parity test ran in the child');
  });
}

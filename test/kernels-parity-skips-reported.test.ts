import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PARITY_FILES = ['kernels-matmul-parity.test.js', 'kernels-conv-parity.test.js'].map((f) => fileURLToPath(new URL(f, import.meta.url)));

test('without the native addon, every per-GEMM parity test is still registered and reported as skipped with the reason', () => {
  // As on a machine where the addon could not be built; without the parent runner's context the
  // child prints its own TAP report.
  const env: NodeJS.ProcessEnv = { ...process.env, MULTIHOP_NATIVE_KERNELS: '0' };
  delete env.NODE_TEST_CONTEXT;
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...PARITY_FILES], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  for (const gemm of ['openblas', 'own']) {
    for (const name of [
      `BatchMatMul matches cpu for all transpose flags, odd sizes and batch dims (${gemm} GEMM)`,
      `Conv2D and FusedConv2D (bias, relu) match cpu (${gemm} GEMM)`,
      `Conv2DBackpropInput and Conv2DBackpropFilter match cpu (${gemm} GEMM)`,
    ]) {
      const line = run.stdout.split('\n').find((l) => l.includes(name) && /^\s*ok \d+/.test(l));
      assert.ok(line, `'${name}' is registered: ${run.stdout}`);
      assert.match(line, /# SKIP native addon not built: disabled by MULTIHOP_NATIVE_KERNELS=0/);
    }
  }
});

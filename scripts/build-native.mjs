#!/usr/bin/env node
// Builds the optional native kernels addon (native/) at install time, like better-sqlite3 does:
// first linked with OpenBLAS when it is installed, else with our own GEMM only. Never fails the
// install: without a compiler the code falls back to TF.js's stock WASM kernels.
// Set MULTIHOP_SKIP_NATIVE=1 to skip the build.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');

function log(message) {
  console.error(`multihop native kernels: ${message}`);
}

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    path.join(root, 'node_modules/node-gyp/bin/node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

// True when a C++ program calling cblas_sgemm links against -lopenblas.
function openblasLinks() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'multihop-blas-'));
  try {
    const source = path.join(dir, 'probe.cc');
    writeFileSync(source, 'extern "C" void cblas_sgemm(int,int,int,int,int,int,float,const float*,int,const float*,int,float,float*,int);\n' +
      'extern "C" void openblas_set_num_threads(int);\n' +
      'int main(){float a=1,b=1,c=0;openblas_set_num_threads(1);cblas_sgemm(101,111,111,1,1,1,1.f,&a,1,&b,1,0.f,&c,1);return c==1.f?0:1;}\n');
    const out = path.join(dir, 'probe');
    const cxx = process.env.CXX ?? 'g++';
    const compiled = spawnSync(cxx, [source, '-o', out, '-lopenblas'], { stdio: 'ignore' });
    return compiled.status === 0 && spawnSync(out, [], { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Node's own headers when they are installed beside it (Debian, official tarballs), so node-gyp
// needs no download; otherwise node-gyp fetches them (or uses npm's nodedir setting).
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [`--nodedir=${process.env.npm_config_nodedir}`];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include/node/node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

function build(gyp, useOpenblas) {
  const result = spawnSync(process.execPath, [gyp, 'rebuild', '--release', ...nodedirArgs()], {
    cwd: nativeDir,
    env: { ...process.env, MULTIHOP_USE_OPENBLAS: useOpenblas ? '1' : '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status !== 0) log(`build ${useOpenblas ? 'with' : 'without'} OpenBLAS failed: ${(result.stderr ?? '').trim().split('\n').slice(-4).join(' | ')}`);
  return result.status === 0;
}

function main() {
  if (process.env.MULTIHOP_SKIP_NATIVE === '1') {
    log('skipped (MULTIHOP_SKIP_NATIVE=1); training uses the stock WASM kernels');
    return;
  }
  const gyp = nodeGyp();
  if (gyp === null) {
    log('node-gyp not found; training uses the stock WASM kernels');
    return;
  }
  const blas = openblasLinks();
  if (!blas) log('OpenBLAS not found (Debian: apt-get install libopenblas-dev); building with our own GEMM');
  if ((blas && build(gyp, true)) || build(gyp, false)) {
    log(`built native/build/Release/multihop_kernels.node (${blas ? 'OpenBLAS' : 'own GEMM'})`);
  } else {
    log('not built; training uses the stock WASM kernels');
  }
}

main();

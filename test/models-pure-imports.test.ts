import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importRefusing } from './fixtures/import-guard.js';

const TFJS = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-wasm'];

test('models, transfer and search load without TF.js', () => {
  const { status, stderr } = importRefusing(['models/index.js', 'transfer/index.js', 'search/index.js'], TFJS);
  assert.equal(status, 0, stderr);
});

test('the check fails for a module that does import TF.js', () => {
  const { status, stderr } = importRefusing(['training/index.js'], TFJS);
  assert.notEqual(status, 0);
  assert.match(stderr, /refused import: @tensorflow\/tfjs/);
});

test('reports, export manifests and run configs load neither TF.js nor the worker pool', () => {
  const { status, stderr } = importRefusing(['report/index.js', 'config/index.js', 'export/export-manifest.js'], [...TFJS, 'piscina']);
  assert.equal(status, 0, stderr);
});

test('the run driver and the in-memory store load no TF.js, no worker pool and no SQLite', () => {
  const { status, stderr } = importRefusing(['run/run-driver.js', 'store/memory-store.js'], [...TFJS, 'piscina', 'better-sqlite3']);
  assert.equal(status, 0, stderr);
});

test('the tree, forest, linear and gbt runtimes load without TF.js, the worker pool or SQLite', () => {
  const modules = ['cart/index.js', 'boosting/index.js', 'linear/index.js', 'fit/index.js', 'trees/tree-arrays.js'];
  const { status, stderr } = importRefusing(modules, [...TFJS, 'piscina', 'better-sqlite3']);
  assert.equal(status, 0, stderr);
});

test('the CLI and the run module load neither BullMQ nor ioredis, which only a run on a queue needs', () => {
  const { status, stderr } = importRefusing(['cli/program.js', 'run/index.js'], ['bullmq', 'ioredis']);
  assert.equal(status, 0, stderr);
});

test('a pool worker loads neither the dataset parsers nor SQLite: each thread pays for every module at start-up', () => {
  const { status, stderr } = importRefusing(['hop/index.js', 'backend/index.js', 'pool/pool-setup.js'], ['csv-parse', 'csv-stringify', 'better-sqlite3', 'bullmq', 'ioredis']);
  assert.equal(status, 0, stderr);
});

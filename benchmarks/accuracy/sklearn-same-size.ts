/**
 * The scikit-learn column of the accuracy suite: for a run's simple targets, scikit-learn's model
 * of the same family and size, tuned on the run's own validation split (sklearn-same-size.py).
 * The split is rebuilt from the run's stored config with the product's own code, so both sides
 * train on identical rows with identical preprocessing. Results are cached on disk by dataset
 * hash, split and target, so re-rendering a report never refits.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Arch, PreparedData } from '../../src/core/index.js';
import { canonicalJson } from '../../src/search/index.js';
import { repositoryRoot } from '../bench-root.js';

const PYTHON = process.env.MULTIHOP_BENCH_PYTHON ?? '/usr/bin/python3';

/** scikit-learn's estimator and size for a target arch, or null where it has none (cnn). */
export function sklearnTarget(arch: Arch): { kind: string; params: Record<string, unknown> } | null {
  switch (arch.family) {
    case 'tree':
      return { kind: 'tree', params: { max_depth: arch.maxDepth } };
    case 'mlp':
      return { kind: 'mlp', params: { hidden: arch.hidden } };
    case 'linear':
      return { kind: 'linear', params: {} };
    case 'forest':
      return { kind: 'forest', params: { n_estimators: arch.trees, max_depth: arch.maxDepth } };
    case 'gbt':
      return { kind: 'gbt', params: { max_iter: arch.rounds, max_depth: arch.maxDepth } };
    default:
      return null;
  }
}

/** scikit-learn's tuned same-size model on one split: what it chose and its accuracies. */
export interface SklearnResult {
  params: Record<string, unknown>;
  validation: number;
  test: number;
}

/** A JSON file of results by cache key; written after every new fit, so an interrupted report keeps them. */
export class SklearnCache {
  private readonly entries: Record<string, SklearnResult>;
  constructor(private readonly path = join(repositoryRoot(), 'data-cache', 'sklearn-same-size.json')) {
    this.entries = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, SklearnResult>) : {};
  }
  get(key: string): SklearnResult | undefined {
    return this.entries[key];
  }
  set(key: string, value: SklearnResult): void {
    this.entries[key] = value;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify(this.entries));
  }
}

const listOf = (values: Float32Array | Int32Array): number[] => Array.from(values, (v) => Math.round(v * 1e6) / 1e6);

/**
 * scikit-learn's result per target arch on `data` (the run's prepared split), fitting only what the
 * cache lacks; targets scikit-learn has no model for are left out.
 * @throws Error with the script's last line when python or scikit-learn fails
 */
export function sklearnSameSize(data: PreparedData, targets: Arch[], seed: number, cache: SklearnCache): Map<string, SklearnResult> {
  const keyOf = (arch: Arch) => canonicalJson({ data: data.hash, split: data.split, seed, arch });
  const results = new Map<string, SklearnResult>();
  const missing: Array<{ key: string; kind: string; params: Record<string, unknown> }> = [];
  for (const arch of targets) {
    const target = sklearnTarget(arch);
    if (!target) continue;
    const key = keyOf(arch);
    const cached = cache.get(key);
    if (cached) results.set(key, cached);
    else if (!missing.some((m) => m.key === key)) missing.push({ key, ...target });
  }
  if (missing.length > 0) {
    const width = data.exampleShape.reduce((a, b) => a * b, 1);
    const part = (p: PreparedData['train']) => ({ x: listOf(p.features), y: Array.from(p.labels) });
    const path = join(repositoryRoot(), 'data-cache', `sklearn-job-${process.pid}.json`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ width, seed, train: part(data.train), validation: part(data.validation), test: part(data.test), targets: missing }));
    try {
      const script = join(repositoryRoot(), 'benchmarks', 'accuracy', 'sklearn-same-size.py');
      const run = spawnSync(PYTHON, [script, path], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, OMP_NUM_THREADS: '1' } });
      if (run.status !== 0) throw new Error(`sklearn-same-size.py failed: ${(run.stderr || String(run.error)).trim().split('\n').pop()}`);
      const out = JSON.parse(run.stdout.trim().split('\n').pop() ?? '[]') as Array<SklearnResult & { key: string }>;
      for (const { key, ...result } of out) {
        cache.set(key, result);
        results.set(key, result);
      }
    } finally {
      rmSync(path, { force: true });
    }
  }
  return new Map(targets.filter((arch) => results.has(keyOf(arch))).map((arch) => [canonicalJson(arch), results.get(keyOf(arch))!]));
}

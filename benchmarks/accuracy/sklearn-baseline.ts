/**
 * scikit-learn's MLPClassifier / LogisticRegression of the target's size on the very split a
 * benchmark run used: the split is prepared here (same code as the search) and handed to
 * sklearn-baseline.py as JSON. Skipped, with the reason, when python3 or scikit-learn is missing
 * or the target is not an MLP.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, prepareData } from '../../src/data/index.js';
import { datasetLoadOptions, resolveRunConfig } from '../../src/config/index.js';
import { repositoryRoot } from './accuracy-suite.js';

/** sklearn's result on one split, or why there is none. */
export type SklearnBaseline =
  | { model: string; params: Record<string, number>; validation: number; test: number }
  | { skipped: string };

const PYTHON = process.env.MULTIHOP_BENCH_PYTHON ?? '/usr/bin/python3';

/** Whether python3 with scikit-learn can be run; the reason when not. */
export function sklearnAvailability(): { ok: true; version: string } | { ok: false; reason: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, reason: `${PYTHON} cannot be run (${probe.error.message})` };
  if (probe.status !== 0) return { ok: false, reason: `scikit-learn is not importable by ${PYTHON}` };
  return { ok: true, version: probe.stdout.trim() };
}

const listOf = (values: Float32Array | Int32Array): number[] => Array.from(values, (v) => Math.round(v * 1e6) / 1e6);

/** Fits sklearn's model of the target's size on the split of (dataset, space, split seed = seed). */
export async function sklearnBaseline(
  job: { dataset: string; space: string; seed: number; rootShare: number },
  workDir: string,
): Promise<SklearnBaseline> {
  // With a root share, the target (and so sklearn) trains on what is left of the training split.
  const config = resolveRunConfig({ dataset: job.dataset, space: job.space, splitSeed: job.seed, rootShare: job.rootShare });
  const target = config.space.target.arch;
  if (target.family !== 'mlp') return { skipped: `target is a ${target.family}; scikit-learn has no equivalent` };
  const data = prepareData(await loadDataset(config.dataset, datasetLoadOptions(config)), config.split);
  const numFeatures = data.exampleShape.reduce((a, b) => a * b, 1);
  const path = join(workDir, `sklearn-${job.dataset}-seed${job.seed}.json`);
  const part = (p: typeof data.train) => ({ x: listOf(p.features), y: Array.from(p.labels) });
  writeFileSync(
    path,
    JSON.stringify({ hidden: target.hidden, seed: job.seed, numFeatures, train: part(data.train), validation: part(data.validation), test: part(data.test) }),
  );
  try {
    const script = join(repositoryRoot(), 'benchmarks', 'accuracy', 'sklearn-baseline.py');
    const result = spawnSync(PYTHON, [script, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (result.status !== 0) return { skipped: `sklearn-baseline.py failed: ${(result.stderr || String(result.error)).trim().split('\n').pop()}` };
    return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as SklearnBaseline;
  } finally {
    rmSync(path, { force: true });
  }
}

import { spawnSync } from 'node:child_process';

const PYTHON = process.env.MULTIHOP_BENCH_PYTHON ?? '/usr/bin/python3';

/** Whether python3 with scikit-learn can be run (MULTIHOP_BENCH_PYTHON overrides the path); the reason when not. */
export function sklearnAvailability(): { ok: true; version: string } | { ok: false; reason: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import sklearn; print(sklearn.__version__)'], { encoding: 'utf8' });
  if (probe.error) return { ok: false, reason: `${PYTHON} cannot be run (${probe.error.message})` };
  if (probe.status !== 0) return { ok: false, reason: `scikit-learn is not importable by ${PYTHON}` };
  return { ok: true, version: probe.stdout.trim() };
}

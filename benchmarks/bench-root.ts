import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this module (benchmarks/ or dist/benchmarks/). */
export function repositoryRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'benchmarks')) ? join(here, '..', '..') : join(here, '..');
}

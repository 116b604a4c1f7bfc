/**
 * What the accuracy benchmark runs: datasets × transfer methods × seeds, each dataset with the
 * search space that fixes its complex model, its simple target and the intermediates to try.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type BenchMethod = 'kd' | 'profweight' | 'sratio';

export const BENCH_METHODS: BenchMethod[] = ['kd', 'profweight', 'sratio'];

/** One dataset of the suite and the search space its runs use. */
export interface BenchDataset {
  dataset: string;
  /** Path of the search-space JSON file. */
  space: string;
  /** Why this pair, for the report (subset sizes, capacity gap). */
  note: string;
}

/** A whole benchmark: what to run and how. */
export interface BenchSuite {
  name: string;
  datasets: BenchDataset[];
  methods: BenchMethod[];
  /** Seed s means split seed s and initialisation seed s. */
  seeds: number[];
  workers: number;
}

/** The repository root, found from this module (benchmarks/accuracy or dist/benchmarks/accuracy). */
export function repositoryRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${join('dist', 'benchmarks')}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
}

function space(name: string): string {
  return join(repositoryRoot(), 'search-spaces', `${name}.json`);
}

const TABULAR_NOTE = 'MLP [256,128] complex model → MLP [2] target (a 2-unit bottleneck); candidates MLP [32], [8]';

/** The full suite: four tabular sets and Fashion-MNIST, three methods, five seeds. */
export const FULL_SUITE: BenchSuite = {
  name: 'full',
  datasets: [
    { dataset: 'iris', space: space('bench-tabular'), note: TABULAR_NOTE },
    { dataset: 'wine', space: space('bench-tabular'), note: TABULAR_NOTE },
    { dataset: 'breast-cancer', space: space('bench-tabular'), note: TABULAR_NOTE },
    { dataset: 'digits', space: space('bench-tabular'), note: TABULAR_NOTE },
    {
      dataset: 'fashion-mnist',
      space: space('bench-fashion'),
      note:
        'CNN conv16-conv32-dense64 complex model → CNN with one 2-filter conv and 4×4 pooling; ' +
        'a stratified 3,000-image training subset (maxTrain), 3,158 validation images from the official ' +
        'training set, the official 10,000-image test set',
    },
  ],
  methods: BENCH_METHODS,
  seeds: [0, 1, 2, 3, 4],
  workers: 2,
};

/** Seconds-long smoke run: one tiny dataset, one method, two seeds, a space with few epochs. */
export const SMOKE_SUITE: BenchSuite = {
  name: 'smoke',
  datasets: [{ dataset: 'iris', space: space('bench-smoke'), note: 'smoke: MLP [16] → MLP [1], 3 epochs' }],
  methods: ['kd'],
  seeds: [0, 1],
  workers: 1,
};

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
  /** Share of each training split reserved for the complex model alone (docs/design.md §3.7); 0 = none. */
  rootShare: number;
}

/** The repository root, found from this module (benchmarks/accuracy or dist/benchmarks/accuracy). */
export function repositoryRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.includes(`${join('dist', 'benchmarks')}`) ? join(here, '..', '..', '..') : join(here, '..', '..');
}

function space(name: string): string {
  return join(repositoryRoot(), 'search-spaces', `${name}.json`);
}

const TABULAR_NOTE = 'MLP [256,128] complex model; candidates MLP [32], [8]; 40 epochs, patience 6, Adam lr 0.01, batch 32';
const ONE_UNIT =
  'MLP [256,128] complex model (40 epochs, patience 6); candidates MLP [32], [8] and the target up to 200 epochs, patience 20 ' +
  '(with 40/6 a one-unit target stopped after ~160 steps on ~100 rows and scikit-learn beat it by 10 points); Adam lr 0.01, batch 32; ' +
  'target MLP [1] (one hidden unit: a [2] target already matches the complex model here)';

/** The full suite: four tabular sets and Fashion-MNIST, three methods, five seeds. */
export const FULL_SUITE: BenchSuite = {
  name: 'full',
  datasets: [
    { dataset: 'iris', space: space('bench-tabular-1unit'), note: ONE_UNIT },
    { dataset: 'wine', space: space('bench-tabular-1unit'), note: ONE_UNIT },
    { dataset: 'breast-cancer', space: space('bench-tabular-1unit'), note: ONE_UNIT },
    { dataset: 'digits', space: space('bench-tabular'), note: `${TABULAR_NOTE}; target MLP [2]` },
    {
      dataset: 'fashion-mnist',
      space: space('bench-fashion'),
      note:
        'CNN conv16-conv32-dense64 complex model → CNN with one 2-filter 3×3 conv and 4×4 max-pooling, no hidden dense layer; ' +
        'candidates conv8+dense16 and conv4; a stratified 2,000-image training subset (split maxTrain), 1,800 validation images ' +
        'from the official training set, the official 10,000-image test set; 10 epochs for the complex model, 8 for the others ' +
        '(patience 3, Adam lr 0.003, batch 64)',
    },
  ],
  methods: BENCH_METHODS,
  seeds: [0, 1, 2, 3, 4],
  workers: 2,
  rootShare: 0,
};

/** Seconds-long smoke run: one tiny dataset, one method, two seeds, a space with few epochs. */
export const SMOKE_SUITE: BenchSuite = {
  name: 'smoke',
  datasets: [{ dataset: 'iris', space: space('bench-smoke'), note: 'smoke: MLP [16] → MLP [1], 3 epochs' }],
  methods: ['kd'],
  seeds: [0, 1],
  workers: 1,
  rootShare: 0,
};

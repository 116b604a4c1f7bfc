/**
 * The datasets of the families parity table: the four embedded sets and three mlbench sets
 * (Sonar, Vehicle, Satellite), loaded as benchmarks/data/bench-datasets.ts describes (licences
 * there).
 */
import type { LoadedDataset } from '../../src/data/index.js';
import { benchDataset, loadBenchDataset } from '../data/bench-datasets.js';

/** One dataset of the table, by its benchmark name. */
export interface ParityDataset {
  name: string;
}

export const PARITY_DATASETS: ParityDataset[] = ['iris', 'wine', 'breast-cancer', 'digits', 'sonar', 'vehicle', 'satellite'].map((name) => ({ name }));

/** Loads one dataset of the table, exporting an mlbench set to the cache first when it is not there. */
export function loadParityDataset(dataset: ParityDataset): Promise<LoadedDataset> {
  return loadBenchDataset(benchDataset(dataset.name));
}

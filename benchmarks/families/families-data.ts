/**
 * The datasets of the families parity table: the four embedded sets and three mlbench sets that
 * issue 13 does not reserve (Sonar, Vehicle, Satellite; never the sets it keeps as an independent
 * check).
 *
 * The mlbench sets come from Debian's `r-cran-mlbench` (`apt-get install -y r-cran-mlbench`, works
 * offline from the Debian mirror). At benchmark time each is written once, with Rscript, to
 * data-cache/mlbench/<Name>.csv (ignored by git) and loaded with the product's CSV loader.
 * Licences: the mlbench package is GPL-2; the three sets come from the UCI Machine Learning
 * Repository, as mlbench's help pages (`?Sonar`, `?Vehicle`, `?Satellite`) cite them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { MultihopError } from '../../src/core/index.js';
import { loadDataset, type LoadedDataset } from '../../src/data/index.js';
import { repositoryRoot } from '../accuracy/accuracy-suite.js';

/** One dataset of the table: an embedded name, or an mlbench set exported to CSV. */
export interface ParityDataset {
  name: string;
  /** The mlbench data frame and its class column, for sets that are not embedded. */
  mlbench?: { frame: string; labelColumn: string };
}

export const PARITY_DATASETS: ParityDataset[] = [
  { name: 'iris' },
  { name: 'wine' },
  { name: 'breast-cancer' },
  { name: 'digits' },
  { name: 'sonar', mlbench: { frame: 'Sonar', labelColumn: 'Class' } },
  { name: 'vehicle', mlbench: { frame: 'Vehicle', labelColumn: 'Class' } },
  { name: 'satellite', mlbench: { frame: 'Satellite', labelColumn: 'classes' } },
];

/** Writes mlbench's data frame `frame` to `path` as CSV (header row, no row names), through a temporary file. */
function exportMlbench(frame: string, path: string): void {
  const partial = `${path}.partial`;
  const script = `suppressMessages(library(mlbench)); e <- new.env(); data(list = "${frame}", envir = e); write.csv(get("${frame}", envir = e), "${partial}", row.names = FALSE)`;
  const result = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : result.stderr.trim().split('\n').pop();
    throw new MultihopError(`cannot export mlbench's ${frame} with Rscript (${why}); install it with: apt-get install -y r-cran-mlbench`);
  }
  renameSync(partial, path);
}

/** Loads one dataset of the table, exporting an mlbench set to the cache first when it is not there. */
export async function loadParityDataset(dataset: ParityDataset): Promise<LoadedDataset> {
  if (!dataset.mlbench) return loadDataset(dataset.name);
  const dir = join(repositoryRoot(), 'data-cache', 'mlbench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${dataset.mlbench.frame}.csv`);
  if (!existsSync(path)) exportMlbench(dataset.mlbench.frame, path);
  return loadDataset(path, { labelColumn: dataset.mlbench.labelColumn });
}

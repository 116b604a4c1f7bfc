/**
 * The real datasets the benchmarks use, and how each becomes a CSV the product loads.
 *
 * - The four embedded sets (iris, wine, breast-cancer, digits) ship with the repository.
 * - Ten sets of the R package mlbench, from Debian's `r-cran-mlbench` (`apt-get install -y
 *   r-cran-mlbench`, offline from the Debian mirror), are written once with Rscript to
 *   `data-cache/mlbench/<name>.csv` (ignored by git) and loaded with the product's CSV loader,
 *   nominal attributes and missing values included, as a user's file would be.
 * - Fashion-MNIST is read from Debian's `dataset-fashion-mnist` (see src/data/fashion-mnist.ts).
 *
 * Licences: mlbench is GPL-2. Its data frames come from the UCI Machine Learning Repository, as
 * each help page (`?Sonar`, …) cites; UCI distributes these sets under CC BY 4.0. Fashion-MNIST
 * is MIT-licensed (Zalando Research).
 *
 * Four mlbench sets are reserved as an independent check of the product (issue 13) and are never
 * listed here, loaded or tuned on; this file names only the sets it uses.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MultihopError } from '../../src/core/index.js';
import { loadDataset, type LoadedDataset } from '../../src/data/index.js';
import { repositoryRoot } from '../bench-root.js';

/** One benchmark dataset: an embedded name, or an mlbench data frame exported to CSV. */
export interface BenchDatasetSource {
  /** The name benchmarks and reports use. */
  name: string;
  /** The mlbench data frame, its class column (exported last, as `class`), and columns that are row ids, not features. */
  mlbench?: { frame: string; labelColumn: string; dropColumns?: string[] };
  /** Rows, features and classes, for the report's dataset table. */
  note: string;
}

export const BENCH_DATASETS: BenchDatasetSource[] = [
  { name: 'iris', note: '150 rows, 4 numeric, 3 classes (embedded)' },
  { name: 'wine', note: '178 rows, 13 numeric, 3 classes (embedded)' },
  { name: 'breast-cancer', note: '569 rows, 30 numeric, 2 classes (embedded, WDBC)' },
  { name: 'digits', note: '1,797 rows, 64 numeric, 10 classes (embedded)' },
  { name: 'sonar', mlbench: { frame: 'Sonar', labelColumn: 'Class' }, note: '208 rows, 60 numeric, 2 classes' },
  { name: 'ionosphere', mlbench: { frame: 'Ionosphere', labelColumn: 'Class' }, note: '351 rows, 34 attributes (1 nominal), 2 classes' },
  { name: 'vehicle', mlbench: { frame: 'Vehicle', labelColumn: 'Class' }, note: '846 rows, 18 numeric, 4 classes' },
  { name: 'satellite', mlbench: { frame: 'Satellite', labelColumn: 'classes' }, note: '6,435 rows, 36 numeric, 6 classes' },
  {
    name: 'breast-cancer-wisconsin',
    mlbench: { frame: 'BreastCancer', labelColumn: 'Class', dropColumns: ['Id'] },
    note: '699 rows, 9 ordinal attributes read as written (16 missing values), 2 classes; the Id column is dropped',
  },
  { name: 'vowel', mlbench: { frame: 'Vowel', labelColumn: 'Class' }, note: '990 rows, 10 attributes (1 nominal), 11 classes' },
  { name: 'dna', mlbench: { frame: 'DNA', labelColumn: 'Class' }, note: '3,186 rows, 180 binary nominal, 3 classes' },
  { name: 'letter', mlbench: { frame: 'LetterRecognition', labelColumn: 'lettr' }, note: '20,000 rows, 16 numeric, 26 classes' },
  { name: 'shuttle', mlbench: { frame: 'Shuttle', labelColumn: 'Class' }, note: '58,000 rows, 9 numeric, 7 classes (very unbalanced)' },
  { name: 'zoo', mlbench: { frame: 'Zoo', labelColumn: 'type' }, note: '101 rows, 16 attributes (15 logical), 7 classes' },
];

/** The source of benchmark dataset `name`. */
export function benchDataset(name: string): BenchDatasetSource {
  const found = BENCH_DATASETS.find((d) => d.name === name);
  if (!found) throw new MultihopError(`no benchmark dataset '${name}'; known: ${BENCH_DATASETS.map((d) => d.name).join(', ')}`);
  return found;
}

/** Writes mlbench's data frame `frame` to `path` as CSV (header row, no row names), through a temporary file. */
function exportMlbench(frame: string, label: string, path: string, dropColumns: string[]): void {
  const partial = `${path}.partial`;
  const drop = dropColumns.map((c) => `"${c}"`).join(',') || 'character(0)';
  // The class column is written last and named `class`, which the product's loader takes as the
  // label by default: a sweep file then needs no --label per dataset.
  const script =
    `suppressMessages(library(mlbench)); e <- new.env(); data(list = "${frame}", envir = e); d <- get("${frame}", envir = e); ` +
    `y <- d[["${label}"]]; d <- d[, setdiff(names(d), c("${label}", ${drop})), drop = FALSE]; d[["class"]] <- y; ` +
    `write.csv(d, "${partial}", row.names = FALSE)`;
  const result = spawnSync('Rscript', ['-e', script], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : result.stderr.trim().split('\n').pop();
    throw new MultihopError(`cannot export mlbench's ${frame} with Rscript (${why}); install it with: apt-get install -y r-cran-mlbench`);
  }
  renameSync(partial, path);
}

/**
 * Path of the CSV the product loads for `source` (`undefined` for an embedded set, loaded by
 * name), exporting it from mlbench first when it is not cached.
 */
export function benchDatasetPath(source: BenchDatasetSource): string | undefined {
  if (!source.mlbench) return undefined;
  const dir = join(repositoryRoot(), 'data-cache', 'mlbench');
  mkdirSync(dir, { recursive: true });
  const { frame, labelColumn, dropColumns = [] } = source.mlbench;
  const path = join(dir, `${source.name}.csv`);
  if (!existsSync(path)) exportMlbench(frame, labelColumn, path, dropColumns);
  return path;
}

/** Loads one benchmark dataset with the product's loader (by name, or from its exported CSV). */
export async function loadBenchDataset(source: BenchDatasetSource): Promise<LoadedDataset> {
  const path = benchDatasetPath(source);
  return loadDataset(path ?? source.name);
}

/** `npm run bench:data`: exports every mlbench set of the list and prints where each dataset is. */
async function main(): Promise<void> {
  for (const source of BENCH_DATASETS) {
    const dataset = await loadBenchDataset(source);
    process.stdout.write(`${source.name}\t${benchDatasetPath(source) ?? '(embedded)'}\t${dataset.labels.length} rows, ${dataset.featureNames.length} features, ${dataset.classNames.length} classes\n`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:data: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}

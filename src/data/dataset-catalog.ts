import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DataError, Registry } from '../core/index.js';
import { loadArff } from './arff-loader.js';
import { loadCsv, type TabularLoadOptions } from './csv-loader.js';
import { loadFashionMnist } from './fashion-mnist.js';
import type { LoadedDataset } from './loaded-dataset.js';

/** A dataset addressable by name. */
interface CatalogEntry {
  /** The canonical name (an alias points to its target's entry). */
  name: string;
  load(options: TabularLoadOptions): LoadedDataset;
}

/** The repository's datasets/ folder, found relative to this module (src/data or dist/src/data). */
function embeddedPath(file: string): string {
  const fromDist = fileURLToPath(new URL(`../../../datasets/${file}`, import.meta.url));
  return existsSync(fromDist) ? fromDist : fileURLToPath(new URL(`../../datasets/${file}`, import.meta.url));
}

function embeddedCsv(name: string, file: string): CatalogEntry {
  return { name, load: (options) => loadCsv(embeddedPath(file), options, name) };
}

const catalog = new Registry<CatalogEntry>('dataset');
const breastCancer = embeddedCsv('breast-cancer', 'breast-cancer.csv');
catalog
  .register('breast-cancer', breastCancer)
  .register('wdbc', breastCancer)
  .register('digits', embeddedCsv('digits', 'digits.csv.gz'))
  .register('iris', embeddedCsv('iris', 'iris.csv'))
  .register('wine', embeddedCsv('wine', 'wine.csv'))
  .register('fashion-mnist', { name: 'fashion-mnist', load: () => loadFashionMnist() });

/** True for a name the catalog knows (embedded sets and their aliases), false for a file path. */
export function isEmbeddedDataset(nameOrPath: string): boolean {
  return catalog.has(nameOrPath);
}

/** Canonical names of the datasets addressable by name (aliases such as `wdbc` not repeated). */
export function datasetNames(): string[] {
  return catalog.keys().filter((key) => catalog.get(key).name === key);
}

function knownNames(): string {
  return catalog
    .keys()
    .map((key) => (catalog.get(key).name === key ? key : `${key} (= ${catalog.get(key).name})`))
    .join(', ');
}

/**
 * Loads a dataset by name (`digits`, `breast-cancer`/`wdbc`, `wine`, `iris`, `fashion-mnist`) or by
 * path (`.csv`, `.csv.gz`, `.arff`, `.arff.gz`). An unknown name that is not an existing file is a
 * DataError listing the known names.
 */
export async function loadDataset(nameOrPath: string, options: TabularLoadOptions = {}): Promise<LoadedDataset> {
  if (catalog.has(nameOrPath)) return catalog.get(nameOrPath).load(options);
  if (!existsSync(nameOrPath) || !statSync(nameOrPath).isFile()) {
    throw new DataError(
      `unknown dataset '${nameOrPath}': not a known name and no such file; known names: ${knownNames()}; ` +
        `or give a path to a .csv, .csv.gz or .arff file`,
    );
  }
  const lower = nameOrPath.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.csv.gz')) return loadCsv(nameOrPath, options);
  if (lower.endsWith('.arff') || lower.endsWith('.arff.gz')) return loadArff(nameOrPath, options);
  throw new DataError(`${nameOrPath}: unsupported file type; expected .csv, .csv.gz, .arff or .arff.gz`);
}

/**
 * Which dataset rows the run's splits hold, so a teacher's per-row predictions can be cut into
 * the same train / validation / test parts; and the dataset without its id column.
 */
import { ConfigError, DataError, type SplitPart, type SplitSettings } from '../core/index.js';
import { hashDataset, prepareData, type LoadedDataset } from '../data/index.js';
import { readCsvTable } from './predictions-teacher.js';

/** Dataset row indices of each split, in the split's order. */
export interface SplitRows {
  train: number[];
  validation: number[];
  test: number[];
}

/**
 * The split assigns rows from the labels and the settings alone, so splitting a copy of the
 * dataset whose only feature is the row number gives each part's row numbers (exact in float32
 * below 2^24 rows).
 */
export function splitRowIndices(dataset: LoadedDataset, split: SplitSettings): SplitRows {
  const total = dataset.labels.length;
  const rows = prepareData(
    { ...dataset, features: Float32Array.from({ length: total }, (_, i) => i), exampleShape: [1], featureNames: ['row'] },
    { ...split, standardise: 'none' },
  );
  const indices = (part: SplitPart) => Array.from(part.features, (v) => Math.round(v));
  return { train: indices(rows.train), validation: indices(rows.validation), test: indices(rows.test) };
}

/**
 * The dataset without column `idColumn`, and that column's value per row, read from the
 * dataset's CSV file (an id is a name, never a feature).
 * @throws ConfigError when the dataset is no CSV file or has no such column
 */
export function withoutIdColumn(dataset: LoadedDataset, datasetPath: string, idColumn: string): { dataset: LoadedDataset; ids: string[] } {
  const encoding = dataset.encoding;
  if (!encoding || !/\.csv$/i.test(datasetPath)) {
    throw new ConfigError(`--id ${idColumn}: ids are read from a .csv dataset, '${datasetPath}' is not one; align predictions by row order instead (drop --id)`);
  }
  if (encoding.labelColumn === idColumn) throw new ConfigError(`--id ${idColumn}: that is the label column; name the id column`);
  const table = readCsvTable(datasetPath, '--dataset');
  const idIndex = table.header.indexOf(idColumn);
  if (idIndex < 0) throw new ConfigError(`--id ${idColumn}: the dataset ${datasetPath} has no such column; its columns are ${table.header.join(',')}`);
  if (table.rows.length !== dataset.labels.length) {
    throw new DataError(`--id ${idColumn}: read ${table.rows.length} rows of ${datasetPath} but the dataset has ${dataset.labels.length}`);
  }
  const ids = table.rows.map((row) => row[idIndex]);
  let start = 0;
  let width = 0;
  for (const column of encoding.columns) {
    const columnWidth = column.kind === 'numeric' ? 1 : column.categories.length;
    if (column.name === idColumn) {
      width = columnWidth;
      break;
    }
    start += columnWidth;
  }
  const oldWidth = dataset.featureNames.length;
  const newWidth = oldWidth - width;
  const count = dataset.labels.length;
  const features = new Float32Array(count * newWidth);
  for (let r = 0; r < count; r++) {
    const from = r * oldWidth;
    features.set(dataset.features.subarray(from, from + start), r * newWidth);
    features.set(dataset.features.subarray(from + start + width, from + oldWidth), r * newWidth + start);
  }
  const exampleShape = [newWidth];
  return {
    ids,
    dataset: {
      ...dataset,
      features,
      exampleShape,
      featureNames: dataset.featureNames.filter((_, i) => i < start || i >= start + width),
      encoding: { ...encoding, columns: encoding.columns.filter((c) => c.name !== idColumn) },
      hash: hashDataset(exampleShape, features, dataset.labels, dataset.splitOf),
    },
  };
}

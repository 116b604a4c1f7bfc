import { parse } from 'csv-parse/sync';
import { DataError, type Dataset } from '../core/index.js';
import { readFileBytes } from './file-bytes.js';
import { tableToDataset, type LabelColumnOption, type RawTable } from './tabular-table.js';

/** Options shared by the tabular loaders (CSV, ARFF). */
export interface TabularLoadOptions {
  /** Label column by name or 0-based index; default: a column named label/class/target/y, else the last. */
  labelColumn?: string | number;
  /** Columns that must be numeric: a non-numeric value there is an error instead of making the column categorical. */
  numericColumns?: string[];
  /** A column of train / validation / test per row: the user's split (see split-column.ts). */
  splitColumn?: string;
}

/**
 * Parses CSV text with a header row into a Dataset (see tabular-table.ts for the column typing,
 * one-hot and missing-value rules). `source` names the file in error messages.
 */
export function parseCsv(text: string, source: string, name: string, options: TabularLoadOptions = {}): Dataset {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new DataError(`${source}: not valid CSV (${(error as Error).message})`, { cause: error });
  }
  if (records.length === 0) {
    throw new DataError(`${source}: empty file; expected a header row and data rows`);
  }
  const header = records[0].record;
  const declaredNumeric = new Set(options.numericColumns ?? []);
  for (const column of declaredNumeric) {
    if (!header.includes(column)) {
      throw new DataError(
        `${source}: numeric column "${column}" is not in the header; columns are ${header.map((h) => JSON.stringify(h)).join(', ')}`,
      );
    }
  }
  const table: RawTable = {
    source,
    columns: header.map((h) => ({ name: h, declared: declaredNumeric.has(h) ? 'numeric' : 'auto' })),
    rows: [],
    lines: [],
  };
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      throw new DataError(`${source} line ${info.lines}: expected ${header.length} fields, found ${record.length}`);
    }
    table.rows.push(record);
    table.lines.push(info.lines);
  }
  return tableToDataset(table, name, options.labelColumn as LabelColumnOption, options.splitColumn);
}

/** Loads a `.csv` or gzipped `.csv.gz` file. */
export function loadCsv(path: string, options: TabularLoadOptions = {}, name: string = path): Dataset {
  return parseCsv(readFileBytes(path).toString('utf8'), path, name, options);
}

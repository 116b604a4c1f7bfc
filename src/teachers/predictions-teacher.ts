/**
 * A predictions CSV as a teacher: one row per dataset row, one column per class named by the
 * class, holding that class's probability (or logit). Rows align with the dataset by an id
 * column (`--id`) or, without one, by order.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { DataError } from '../core/index.js';

/** A CSV read as a header and string rows, each with its line number. */
export interface CsvTable {
  header: string[];
  rows: string[][];
  lines: number[];
}

/** Reads a CSV with a header row; every row must have the header's field count. */
export function readCsvTable(path: string, what: string): CsvTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(readFileSync(path, 'utf8'), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  } catch (error) {
    throw new DataError(`${what} ${path}: cannot read it as CSV (${(error as Error).message.split('\n')[0]})`, { cause: error });
  }
  if (records.length < 2) throw new DataError(`${what} ${path}: expected a header row and data rows`);
  const header = records[0].record;
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) throw new DataError(`${what} ${path} line ${info.lines}: expected ${header.length} fields, found ${record.length}`);
  }
  return { header, rows: records.slice(1).map((r) => r.record), lines: records.slice(1).map((r) => r.info.lines) };
}

/** The predictions of every dataset row, in dataset row order. */
export interface AlignedPredictions {
  /** datasetRows × columns.length values, row-major. */
  values: Float32Array;
  /** The class column names, in file order. */
  columns: string[];
}

/**
 * Reads `path` and aligns it with the dataset's rows: by `ids` (the dataset's id per row, when
 * `idColumn` is given) or by order (`datasetRows` rows expected).
 * @throws DataError for a missing id column, a dataset id without a prediction, a duplicate id, a row count that differs, or a non-numeric value
 */
export function readPredictions(path: string, datasetRows: number, idColumn?: string, ids?: readonly string[]): AlignedPredictions {
  const what = '--teacher';
  const table = readCsvTable(path, what);
  const idIndex = idColumn === undefined ? -1 : table.header.indexOf(idColumn);
  if (idColumn !== undefined && idIndex < 0) {
    throw new DataError(`${what} ${path}: no id column '${idColumn}'; found columns ${table.header.join(',')}`);
  }
  const columnIndexes = table.header.map((_, i) => i).filter((i) => i !== idIndex);
  const columns = columnIndexes.map((i) => table.header[i]);
  let rowOf: number[];
  if (idColumn === undefined || ids === undefined) {
    if (table.rows.length !== datasetRows) {
      throw new DataError(`${what} ${path}: expected ${datasetRows} rows (one per dataset row, in order), found ${table.rows.length}; or align them by id with --id <column>`);
    }
    rowOf = table.rows.map((_, i) => i);
  } else {
    const byId = new Map<string, number>();
    table.rows.forEach((row, r) => {
      if (byId.has(row[idIndex])) throw new DataError(`${what} ${path} line ${table.lines[r]}: id '${row[idIndex]}' appears twice`);
      byId.set(row[idIndex], r);
    });
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw new DataError(
        `${what} ${path}: ${missing.length} of the dataset's ${ids.length} ids have no prediction (first: '${missing[0]}'); give a prediction for every dataset row`,
      );
    }
    rowOf = ids.map((id) => byId.get(id)!);
  }
  const values = new Float32Array(rowOf.length * columns.length);
  rowOf.forEach((r, i) => {
    columnIndexes.forEach((c, k) => {
      const value = Number(table.rows[r][c]);
      if (table.rows[r][c] === '' || !Number.isFinite(value)) {
        throw new DataError(`${what} ${path} line ${table.lines[r]}, column '${table.header[c]}': expected a number, found '${table.rows[r][c]}'`);
      }
      values[i * columns.length + k] = value;
    });
  });
  return { values, columns };
}

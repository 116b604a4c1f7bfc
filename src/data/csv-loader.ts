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
  let records: CsvRecord[];
  try {
    records = splitPlainCsv(text) ?? parse(text, {
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

/** A record as csv-parse gives it with `info: true`: its fields and the line it ends on. */
interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/**
 * White space that String.prototype.trimEnd removes besides csv-parse's five `trim` characters:
 * csv-parse left-trims unquoted fields of its five only but right-trims them with trimEnd, so a
 * file holding any of these (a no-break space at the end of a cell) is left to csv-parse.
 */
const OTHER_WHITE_SPACE = /[\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/** csv-parse's `trim` characters: \r, \n, form feed, space, tab. */
function isTrimmed(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10 || code === 12;
}

function trimField(field: string): string {
  let start = 0;
  let end = field.length;
  while (start < end && isTrimmed(field.charCodeAt(start))) start++;
  while (end > start && isTrimmed(field.charCodeAt(end - 1))) end--;
  return start === 0 && end === field.length ? field : field.slice(start, end);
}

/**
 * The records csv-parse would give (options as in parseCsv) for a file without quotes whose lines
 * all end in \n, or all in \r\n, and without white space beyond space, tab and form feed: its
 * lines split on commas, fields trimmed, blank lines skipped. Null for any other file, which
 * csv-parse reads. On the embedded digits (1,797 rows × 65
 * columns) csv-parse takes ~30–60 ms, this ~5 ms; test/data-csv-fast-path.test.ts compares the
 * two on generated files.
 */
export function splitPlainCsv(input: string): CsvRecord[] | null {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.includes('"') || OTHER_WHITE_SPACE.test(text)) return null;
  let lines = text.split('\n');
  const crlf = text.includes('\r');
  if (crlf) {
    // Every line but the last must end in \r and no other \r may appear; else csv-parse decides.
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const cr = line.indexOf('\r');
      const last = i === lines.length - 1;
      if (last ? cr >= 0 : cr !== line.length - 1) return null;
    }
    lines = lines.map((line, i) => (i === lines.length - 1 ? line : line.slice(0, -1)));
  }
  const records: CsvRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fields = lines[i].split(',');
    // A line of nothing but trim characters is empty (skip_empty_lines).
    if (fields.length === 1 && trimField(fields[0]) === '') continue;
    records.push({ record: fields.map(trimField), info: { lines: i + 1 } });
  }
  return records;
}

/** Loads a `.csv` or gzipped `.csv.gz` file. */
export function loadCsv(path: string, options: TabularLoadOptions = {}, name: string = path): Dataset {
  return parseCsv(readFileBytes(path).toString('utf8'), path, name, options);
}

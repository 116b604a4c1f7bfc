import { DataError, type Dataset, type TabularEncoding } from '../core/index.js';
import { hashDataset } from './dataset-hash.js';
import { takeSplitColumn } from './split-column.js';

/**
 * Turns a parsed table of raw strings (from CSV or ARFF) into a `Dataset` plus the
 * `TabularEncoding` that reproduces its features from new raw rows.
 *
 * Rules (shared by the CSV and ARFF loaders, and by `encodeRows`):
 * - Missing values are `''`, `'?'`, `'NA'` and `'NaN'` (after trimming white space).
 * - A column is numeric when it is declared numeric, or, undeclared, when every non-missing value
 *   parses as a decimal number; otherwise it is categorical. A non-numeric value in a declared
 *   numeric column is a `DataError` naming the file, line and column.
 * - Numeric missing values are filled with the column's median over all non-missing values of the
 *   file (0 when the column has none). The rule looks at the whole file, not at a split, so it is
 *   the same for every seed; the fill value is stored in the encoding and reused for new rows.
 * - Categorical columns are one-hot encoded, one feature `column=value` per category; categories
 *   are sorted (numeric-aware) unless declared (ARFF nominal order is kept). A missing categorical
 *   value is its own category `'?'`. A category never seen in the file encodes as all zeros.
 * - A number that is not finite once stored as float32 (`1e999`, `1e39`, a 400-digit integer) or
 *   an infinity token (`inf`, `-Infinity`) in a numeric column is a `DataError` naming the file,
 *   line and column. An infinity token in an otherwise numeric column does not make it categorical.
 * - Label values become class names, sorted numeric-aware (`class_2` before `class_10`,
 *   `2` before `10`) unless declared; a missing label is a `DataError`.
 */

/** Tokens that mean "missing" in any tabular column. */
export const MISSING_TOKENS: ReadonlySet<string> = new Set(['', '?', 'NA', 'NaN']);

const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INFINITY_PATTERN = /^[+-]?inf(inity)?$/i;

/**
 * Sorts strings numeric-aware and locale-independent: "2" < "10", "class_2" < "class_10". The
 * collator is made on first use: creating it loads ICU data (~7 ms of every CLI start otherwise).
 */
let collator: Intl.Collator | undefined;
export function numericAwareCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator.compare(a, b);
}

/** One column of a raw table, with what the file (or the user) declared about it. */
export interface RawColumn {
  name: string;
  /** 'auto': numeric when every non-missing value parses as a number. */
  declared: 'numeric' | 'categorical' | 'auto';
  /** Declared categories in their declared order (ARFF nominal); values outside are errors. */
  categories?: string[];
}

/** A parsed table: all cells are trimmed, unquoted strings; `lines[i]` is row i's line in `source`. */
export interface RawTable {
  source: string;
  columns: RawColumn[];
  rows: string[][];
  lines: number[];
}

/** Where to find the label: a column name, a 0-based index, or undefined for the default. */
export type LabelColumnOption = string | number | undefined;

const DEFAULT_LABEL_NAMES = ['label', 'class', 'target', 'y'];

/** True for the missing-value tokens `''`, `'?'`, `'NA'`, `'NaN'` (cells are trimmed first). */
export function isMissing(value: string): boolean {
  return MISSING_TOKENS.has(value);
}

/** The number a decimal cell holds (`1`, `-2.5`, `.5`, `1e-3`), or null for anything else. */
export function parseNumber(value: string): number | null {
  return NUMBER_PATTERN.test(value) ? Number(value) : null;
}

/** A cell for a one-line message: quoted, and cut to its start when it is long. */
export function quoteCell(value: string): string {
  return value.length <= 40 ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, 24))}… (${value.length} characters)`;
}

/** Why a cell that looks like a number cannot be a feature (infinite, or beyond float32), or null when it can or is no number. */
function nonFiniteReason(value: string): string | null {
  if (INFINITY_PATTERN.test(value)) return 'infinite';
  const n = parseNumber(value);
  if (n !== null && !Number.isFinite(Math.fround(n))) return 'beyond the float32 range of ±3.4e38';
  return null;
}

/**
 * The value of a numeric cell; a non-number or a non-finite number is a DataError prefixed with
 * `where` (the file and line) that names the column.
 */
function numericCell(value: string, column: string, where: string): number {
  const reason = nonFiniteReason(value);
  if (reason !== null) {
    throw new DataError(`${where}, column "${column}": ${quoteCell(value)} is not a finite number (${reason}); fix it, or leave the cell empty to mark it missing`);
  }
  const n = parseNumber(value);
  if (n === null) throw new DataError(`${where}, column "${column}": expected a number, found ${quoteCell(value)}`);
  return n;
}

/** Picks the label column index: by name, by index, a conventional name, else the last column. */
export function resolveLabelColumn(table: RawTable, option: LabelColumnOption): number {
  const names = table.columns.map((c) => c.name);
  const listed = names.map((n) => JSON.stringify(n)).join(', ');
  if (typeof option === 'number') {
    if (!Number.isInteger(option) || option < 0 || option >= names.length) {
      throw new DataError(
        `${table.source}: label column index ${option} is out of range; the file has ${names.length} columns (0-based): ${listed}`,
      );
    }
    return option;
  }
  if (typeof option === 'string') {
    const index = names.indexOf(option);
    if (index < 0) {
      throw new DataError(`${table.source}: no label column "${option}"; columns are ${listed}`);
    }
    return index;
  }
  for (const conventional of DEFAULT_LABEL_NAMES) {
    const index = names.findIndex((n) => n.toLowerCase() === conventional);
    if (index >= 0) return index;
  }
  return names.length - 1;
}

/** The median of `values` (0 when empty); `values` is reordered. */
export function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  const upper = select(values, mid);
  // select left the mid smallest values before `mid`: the lower middle is the largest of them.
  let lower = upper;
  if (n % 2 === 0) {
    lower = values[0];
    for (let i = 1; i < mid; i++) if (values[i] > lower) lower = values[i];
  }
  // A sort orders -0 before 0, which comparisons cannot see: a middle at zero is taken from a sort.
  if (upper === 0 || lower === 0) {
    values.sort();
    return n % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
  return (lower + upper) / 2;
}

/**
 * The k-th smallest of `values` (0-based), reordering them so that every value before k is ≤ it
 * and every value after is ≥ it: Hoare's quickselect, linear on average where a sort of each
 * column took most of a CSV's load (64 columns of 1,797 values: ~6 ms). A range that stops
 * shrinking fast (adversarial data) is sorted instead, so the worst case stays n log n.
 */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let budget = 4 * Math.ceil(Math.log2(values.length + 1)) + 16;
  while (hi > lo) {
    if (budget-- === 0) {
      values.subarray(lo, hi + 1).sort();
      return values[k];
    }
    const pivot = medianOfThree(values[lo], values[(lo + hi) >> 1], values[hi]);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    // Now [lo, j] ≤ pivot ≤ [i, hi], and any values between j and i equal the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

function medianOfThree(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
}

function sortedDistinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(numericAwareCompare);
}

/**
 * One feature column read once: each cell's number (NaN when missing, or when the column is not
 * numeric) and whether a cell is missing. Every later step (the encoding, the median, the
 * features) works from this instead of parsing the cells again.
 */
interface ColumnScan {
  numeric: boolean;
  values: Float64Array;
  anyMissing: boolean;
}

/**
 * Reads feature column `index`: numeric when declared so or, undeclared, when every non-missing
 * cell is a number or an infinity token (an infinity must not make a numeric column categorical:
 * it is refused as a numeric cell instead). Throws the DataError of the first bad cell.
 */
function scanColumn(table: RawTable, index: number): ColumnScan {
  const column = table.columns[index];
  const rows = table.rows;
  const values = new Float64Array(rows.length).fill(Number.NaN);
  let anyMissing = false;
  let numeric = column.declared !== 'categorical';
  for (let r = 0; r < rows.length; r++) {
    const value = rows[r][index];
    if (isMissing(value)) {
      anyMissing = true;
      continue;
    }
    const n = parseNumber(value);
    if (n !== null) values[r] = n;
    else if (column.declared !== 'numeric' && !INFINITY_PATTERN.test(value)) numeric = false;
  }
  for (let r = 0; r < rows.length; r++) {
    const value = rows[r][index];
    if (isMissing(value)) continue;
    // The rare bad cell goes through numericCell for its message.
    if (numeric && !(Number.isFinite(values[r]) && Number.isFinite(Math.fround(values[r])))) numericCell(value, column.name, `${table.source} line ${table.lines[r]}`);
    if (column.categories && !column.categories.includes(value)) {
      throw new DataError(
        `${table.source} line ${table.lines[r]}, column "${column.name}": "${value}" is not one of the declared values {${column.categories.join(',')}}`,
      );
    }
  }
  return { numeric, values, anyMissing };
}

/** The encoding of one scanned feature column. */
function encodeColumn(table: RawTable, index: number, scan: ColumnScan): TabularEncoding['columns'][number] {
  const column = table.columns[index];
  if (column.categories) {
    const categories = [...column.categories];
    if (scan.anyMissing && !categories.includes('?')) categories.push('?');
    return { name: column.name, kind: 'categorical', categories };
  }
  if (scan.numeric) {
    // scanColumn has refused every non-finite value, so each present value is a finite number.
    const present = new Float64Array(scan.values.length);
    let count = 0;
    for (const v of scan.values) if (!Number.isNaN(v)) present[count++] = v;
    return { name: column.name, kind: 'numeric', fill: median(present.subarray(0, count)) };
  }
  const present = new Set<string>();
  for (const row of table.rows) if (!isMissing(row[index])) present.add(row[index]);
  if (scan.anyMissing) present.add('?');
  return { name: column.name, kind: 'categorical', categories: sortedDistinct(present) };
}

/** Feature names of an encoding: the column name for numeric, `column=value` per category. */
export function encodingFeatureNames(encoding: TabularEncoding): string[] {
  return encoding.columns.flatMap((c) =>
    c.kind === 'numeric' ? [c.name] : c.categories.map((v) => `${c.name}=${v}`),
  );
}

/**
 * Writes the features of one raw row into `out` at `offset` following `encoding`.
 * `valueOf(name)` gives the raw (trimmed) value of a column; `where` prefixes error messages.
 */
export function encodeRowInto(
  encoding: TabularEncoding,
  valueOf: (column: string) => string,
  out: Float32Array,
  offset: number,
  where: string,
): void {
  let at = offset;
  for (const column of encoding.columns) {
    const raw = valueOf(column.name);
    if (column.kind === 'numeric') {
      if (isMissing(raw)) {
        out[at++] = column.fill;
        continue;
      }
      out[at++] = numericCell(raw, column.name, where);
    } else {
      const category = isMissing(raw) ? '?' : raw;
      const hot = column.categories.indexOf(category);
      for (let k = 0; k < column.categories.length; k++) out[at + k] = k === hot ? 1 : 0;
      at += column.categories.length;
    }
  }
}

/**
 * Builds the Dataset (features, labels, class names, encoding, hash) from a raw table. A
 * `splitColumn` is taken out first (see split-column.ts): it is never a feature nor the label.
 */
export function tableToDataset(fullTable: RawTable, name: string, labelOption: LabelColumnOption, splitColumn?: string): Dataset {
  if (fullTable.rows.length === 0) {
    throw new DataError(`${fullTable.source}: no data rows`);
  }
  if (splitColumn !== undefined && labelOption === splitColumn) {
    throw new DataError(`${fullTable.source}: "${splitColumn}" cannot be both the label and the split column; name the class column with --label`);
  }
  const { table, splitOf } = splitColumn !== undefined ? takeSplitColumn(fullTable, splitColumn) : { table: fullTable, splitOf: undefined };
  const seen = new Set<string>();
  for (const column of table.columns) {
    if (seen.has(column.name)) {
      throw new DataError(`${table.source}: column name "${column.name}" appears twice in the header; rename one`);
    }
    seen.add(column.name);
  }
  const labelIndex = resolveLabelColumn(table, labelOption);
  const labelColumn = table.columns[labelIndex];
  const featureIndexes = table.columns.map((_, i) => i).filter((i) => i !== labelIndex);
  if (featureIndexes.length === 0) {
    throw new DataError(`${table.source}: no feature columns besides the label "${labelColumn.name}"`);
  }

  const scans = new Map(featureIndexes.map((index) => [index, scanColumn(table, index)]));

  const labelValues = table.rows.map((row, r) => {
    const value = row[labelIndex];
    if (isMissing(value)) {
      throw new DataError(`${table.source} line ${table.lines[r]}: missing label in column "${labelColumn.name}"`);
    }
    if (labelColumn.categories && !labelColumn.categories.includes(value)) {
      throw new DataError(
        `${table.source} line ${table.lines[r]}, label column "${labelColumn.name}": "${value}" is not one of {${labelColumn.categories.join(',')}}`,
      );
    }
    return value;
  });
  const classNames = labelColumn.categories ? [...labelColumn.categories] : sortedDistinct(labelValues);
  const classIndex = new Map(classNames.map((c, i) => [c, i]));
  const labels = Int32Array.from(labelValues, (v) => classIndex.get(v)!);

  const encoding: TabularEncoding = {
    labelColumn: labelColumn.name,
    columns: featureIndexes.map((i) => encodeColumn(table, i, scans.get(i)!)),
  };
  const featureNames = encodingFeatureNames(encoding);
  const width = featureNames.length;
  const features = new Float32Array(table.rows.length * width);
  // Column by column from the scans: what encodeRowInto gives row by row, without parsing again.
  let at = 0;
  featureIndexes.forEach((index, f) => {
    const column = encoding.columns[f];
    if (column.kind === 'numeric') {
      const { values } = scans.get(index)!;
      for (let r = 0; r < values.length; r++) features[r * width + at] = Number.isNaN(values[r]) ? column.fill : values[r];
      at += 1;
      return;
    }
    // The first of a category declared twice, as indexOf finds it.
    const position = new Map<string, number>();
    column.categories.forEach((c, k) => position.has(c) || position.set(c, k));
    table.rows.forEach((row, r) => {
      const hot = position.get(isMissing(row[index]) ? '?' : row[index]);
      if (hot !== undefined) features[r * width + at + hot] = 1;
    });
    at += column.categories.length;
  });

  const exampleShape = [width];
  return {
    name,
    features,
    labels,
    exampleShape,
    classNames,
    featureNames,
    hash: hashDataset(exampleShape, features, labels, splitOf),
    encoding,
    ...(splitOf ? { splitOf } : {}),
  };
}

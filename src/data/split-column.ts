/**
 * The user's own split (`--split-column NAME`): a column whose values say which part each row
 * belongs to, so results can be compared with another tool on identical rows. The column is taken
 * out of the table before the label is chosen and the features are encoded: it is never a feature
 * and never the default label.
 */
import { DataError } from '../core/index.js';
import type { RawTable } from './tabular-table.js';

/** Part codes of `Dataset.splitOf`. */
export const SPLIT_PARTS = ['train', 'validation', 'test'] as const;
export type SplitPartName = (typeof SPLIT_PARTS)[number];

/** Accepted spellings (compared lower-case) of each part. */
const SPELLINGS: Record<string, number> = { train: 0, training: 0, validation: 1, valid: 1, val: 1, test: 2 };

/**
 * `table` without column `column`, and each row's part (0 train, 1 validation, 2 test).
 * @throws DataError naming the file and line of a missing or unknown value, or the columns when there is no such column
 */
export function takeSplitColumn(table: RawTable, column: string): { table: RawTable; splitOf: Uint8Array } {
  const index = table.columns.findIndex((c) => c.name === column);
  if (index < 0) {
    throw new DataError(`--split-column ${column}: ${table.source} has no such column; its columns are ${table.columns.map((c) => c.name).join(',')}`);
  }
  const splitOf = new Uint8Array(table.rows.length);
  table.rows.forEach((row, r) => {
    const part = SPELLINGS[row[index].toLowerCase()];
    if (part === undefined) {
      const value = row[index] === '' ? 'an empty value' : `"${row[index]}"`;
      throw new DataError(
        `${table.source} line ${table.lines[r]}, split column "${column}": ${value} is not train, validation or test; give every row one of the three`,
      );
    }
    splitOf[r] = part;
  });
  return {
    table: { ...table, columns: table.columns.filter((_, i) => i !== index), rows: table.rows.map((row) => row.filter((_, i) => i !== index)) },
    splitOf,
  };
}

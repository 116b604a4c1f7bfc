import { DataError, type TabularEncoding } from '../core/index.js';
import { encodeRowInto, encodingFeatureNames } from './tabular-table.js';

/**
 * Applies a stored `TabularEncoding` to new raw rows (e.g. for `multihop predict`): same column
 * order, same median fills, same one-hot categories (an unseen category encodes as all zeros).
 * Returns rows × features, row-major, not standardised. A row without one of the encoding's
 * columns is a DataError naming `where`, the row (1-based) and the column; the label column and
 * extra columns are ignored.
 */
export function encodeRows(encoding: TabularEncoding, rows: Record<string, string>[], where: string): Float32Array {
  const width = encodingFeatureNames(encoding).length;
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    const rowWhere = `${where} row ${r + 1}`;
    const valueOf = (column: string): string => {
      const value = row[column];
      if (value === undefined) {
        throw new DataError(`${rowWhere}: missing column "${column}" (the model expects ${encoding.columns.map((c) => c.name).join(', ')})`);
      }
      return value.trim();
    };
    encodeRowInto(encoding, valueOf, out, r * width, rowWhere);
  });
  return out;
}

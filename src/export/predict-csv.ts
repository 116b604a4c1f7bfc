import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { ConfigError, DataError } from '../core/index.js';
import { encodeRows, standardiseInPlace } from '../data/index.js';
import { familyOf, type LoadedModel } from '../models/index.js';
import { readExportManifest, type ExportManifest } from './export-manifest.js';

/** An exported model loaded back by its family's runtime, plus its multihop.json. */
export interface LoadedExport {
  model: LoadedModel;
  manifest: ExportManifest;
}

/** Predictions for the rows of one CSV file. */
export interface CsvPredictions {
  /** `row`, `predicted`, `p_<class>` per class, and `actual` when the file has the label column. */
  header: string[];
  rows: string[][];
  /** Predicted class index per row. */
  predicted: Int32Array;
  /** Share of rows predicted right, when the file has the label column; else null. */
  accuracy: number | null;
}

/** Reads an exported model folder's manifest and loads the model through its family's runtime. */
export async function loadExportedModel(dir: string): Promise<LoadedExport> {
  const manifest = readExportManifest(dir);
  if (manifest.modelFormat === 'onnx') {
    throw new ConfigError(`${dir} holds an ONNX export (${manifest.onnx?.file ?? 'model.onnx'}); run it with ONNX Runtime, or export the run again with --format model for 'multihop predict'`);
  }
  const runtime = await familyOf(manifest.arch).runtime();
  const expected = { exampleShape: manifest.preprocessing.exampleShape, numClasses: manifest.preprocessing.classNames.length };
  return { model: await runtime.loadModel(dir, expected), manifest };
}

/** The raw columns a CSV for this model must have, in order. */
export function expectedColumns(manifest: ExportManifest): string[] {
  return manifest.preprocessing.encoding?.columns.map((c) => c.name) ?? manifest.preprocessing.featureNames;
}

function parseRows(text: string, file: string): Array<{ record: string[]; line: number }> {
  try {
    const records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return records.map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    throw new DataError(`${file}: not valid CSV (${(error as Error).message})`, { cause: error });
  }
}

/** Checks the header against the model's columns and each row's field count; names the offending column. */
function checkColumns(header: string[], records: Array<{ record: string[]; line: number }>, manifest: ExportManifest, file: string): void {
  const expected = expectedColumns(manifest);
  const label = manifest.preprocessing.encoding?.labelColumn;
  const list = expected.map((c) => JSON.stringify(c)).join(', ');
  for (const column of expected) {
    if (!header.includes(column)) throw new DataError(`${file}: missing column "${column}"; the model expects ${list}`);
  }
  for (const column of header) {
    if (column !== label && !expected.includes(column)) {
      throw new DataError(`${file}: unexpected column "${column}" is not a model input; the model expects ${list}${label ? ` (and optionally "${label}")` : ''}`);
    }
  }
  for (const { record, line } of records) {
    if (record.length < header.length) {
      throw new DataError(`${file} line ${line}: no value for column "${header[record.length]}" (expected ${header.length} fields, found ${record.length})`);
    }
    if (record.length > header.length) {
      throw new DataError(`${file} line ${line}: ${record.length} fields but the header has ${header.length}; extra value after column "${header[header.length - 1]}"`);
    }
  }
}

function featuresOf(manifest: ExportManifest, rows: Record<string, string>[], records: Array<{ line: number }>, file: string): Float32Array {
  const { encoding, featureNames } = manifest.preprocessing;
  if (encoding) return encodeRows(encoding, rows, file);
  // Image models have no encoding: the columns are the flattened features themselves.
  const out = new Float32Array(rows.length * featureNames.length);
  rows.forEach((row, r) => {
    featureNames.forEach((name, f) => {
      const value = Number(row[name]);
      if (row[name] === '' || !Number.isFinite(Math.fround(value))) {
        throw new DataError(`${file} line ${records[r].line}, column "${name}": expected a number, found "${row[name]}"`);
      }
      out[r * featureNames.length + f] = value;
    });
  });
  return out;
}

/**
 * Applies an exported model to the raw rows of a CSV file: the stored encoding (column order,
 * fills, one-hot categories), then the stored standardisation, then the model. A file whose
 * columns do not match the model's is a DataError naming the column.
 */
export function predictCsv(loaded: LoadedExport, file: string): CsvPredictions {
  const { model, manifest } = loaded;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataError(`${file}: cannot read (${(error as Error).message})`, { cause: error });
  }
  const records = parseRows(text, file);
  if (records.length === 0) throw new DataError(`${file}: empty file; expected a header row and data rows`);
  const header = records[0].record;
  const body = records.slice(1);
  checkColumns(header, body, manifest, file);
  const rows = body.map(({ record }) => Object.fromEntries(header.map((name, i) => [name, record[i]])));
  const features = featuresOf(manifest, rows, body, file);
  const { standardisation, classNames } = manifest.preprocessing;
  if (standardisation) {
    standardiseInPlace(features, { mean: Float32Array.from(standardisation.mean), std: Float32Array.from(standardisation.std) });
  }
  const probabilities = model.predictProbabilities(features, rows.length);
  const numClasses = classNames.length;
  const label = manifest.preprocessing.encoding?.labelColumn;
  const hasLabel = label !== undefined && header.includes(label);
  const predicted = new Int32Array(rows.length);
  let correct = 0;
  const out = rows.map((row, r) => {
    const p = probabilities.subarray(r * numClasses, (r + 1) * numClasses);
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (p[c] > p[best]) best = c;
    predicted[r] = best;
    const cells = [String(r + 1), classNames[best], ...Array.from(p, (x) => x.toPrecision(6))];
    if (hasLabel) {
      cells.push(row[label]);
      if (row[label] === classNames[best]) correct++;
    }
    return cells;
  });
  return {
    header: ['row', 'predicted', ...classNames.map((c) => `p_${c}`), ...(hasLabel ? ['actual'] : [])],
    rows: out,
    predicted,
    accuracy: hasLabel && rows.length > 0 ? correct / rows.length : null,
  };
}

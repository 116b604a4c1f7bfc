import { DataError, type Dataset } from '../core/index.js';
import type { TabularLoadOptions } from './csv-loader.js';
import { readFileBytes } from './file-bytes.js';
import { tableToDataset, type RawColumn, type RawTable } from './tabular-table.js';

/**
 * Weka ARFF reader (dense format): `@relation`, `@attribute name numeric|real|integer|string|{a,b,…}`,
 * `@data`, `%` comments, single- or double-quoted names and values, `?` for missing. The label is
 * the last attribute unless `labelColumn` names another. Nominal attributes keep their declared
 * order (classes too); numeric attributes reject non-numeric values with the line number.
 * Sparse rows (`{0 x, 3 y}`) and date/relational attributes are refused with a DataError.
 */

/** Splits on commas outside quotes, strips the quotes and trims; `null` when a quote is not closed. */
function splitQuoted(text: string): string[] | null {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  let quoted = false;
  const finish = (): void => {
    out.push(quoted ? current : current.trim());
    current = '';
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && i + 1 < text.length) current += text[++i];
      else if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      if (current.trim() === '') current = '';
      quote = ch;
      quoted = true;
    } else if (ch === ',') {
      finish();
    } else if (!(quoted && /\s/.test(ch))) {
      current += ch;
    }
  }
  if (quote) return null;
  finish();
  return out;
}

/** Strips a `%` comment that is not inside quotes. */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '%') return line.slice(0, i);
  }
  return line;
}

function parseAttribute(rest: string, source: string, line: number): RawColumn {
  const where = `${source} line ${line}`;
  const trimmed = rest.trim();
  let name: string;
  let type: string;
  if (trimmed.startsWith("'") || trimmed.startsWith('"')) {
    const close = trimmed.indexOf(trimmed[0], 1);
    if (close < 0) throw new DataError(`${where}: unclosed quote in @attribute name`);
    name = trimmed.slice(1, close);
    type = trimmed.slice(close + 1).trim();
  } else {
    const match = /^(\S+)\s+(.+)$/.exec(trimmed);
    if (!match) throw new DataError(`${where}: expected "@attribute <name> <type>"`);
    [, name, type] = match;
  }
  if (type.startsWith('{')) {
    if (!type.endsWith('}')) throw new DataError(`${where}: nominal type of "${name}" must end with "}"`);
    const categories = splitQuoted(type.slice(1, -1));
    if (!categories || categories.some((c) => c === '')) {
      throw new DataError(`${where}: malformed nominal values for "${name}"`);
    }
    return { name, declared: 'categorical', categories };
  }
  const lower = type.toLowerCase();
  if (lower === 'numeric' || lower === 'real' || lower === 'integer') return { name, declared: 'numeric' };
  if (lower === 'string') return { name, declared: 'categorical' };
  throw new DataError(
    `${where}: attribute "${name}" has type "${type}"; supported: numeric, real, integer, string, {nominal values}`,
  );
}

/** Parses ARFF text into a Dataset; `source` names the file in error messages. */
export function parseArff(text: string, source: string, name: string, options: TabularLoadOptions = {}): Dataset {
  const table: RawTable = { source, columns: [], rows: [], lines: [] };
  let inData = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = stripComment(lines[i]).trim();
    if (line === '') continue;
    if (!inData) {
      const keyword = /^@(\w+)\s*(.*)$/.exec(line);
      if (!keyword) throw new DataError(`${source} line ${lineNo}: expected @relation, @attribute or @data`);
      const directive = keyword[1].toLowerCase();
      if (directive === 'relation') continue;
      if (directive === 'attribute') table.columns.push(parseAttribute(keyword[2], source, lineNo));
      else if (directive === 'data') inData = true;
      else throw new DataError(`${source} line ${lineNo}: unknown directive "@${keyword[1]}"`);
      continue;
    }
    if (line.startsWith('{')) {
      throw new DataError(`${source} line ${lineNo}: sparse ARFF rows are not supported; write the data densely`);
    }
    const values = splitQuoted(line);
    if (!values) throw new DataError(`${source} line ${lineNo}: unclosed quote`);
    if (values.length !== table.columns.length) {
      throw new DataError(`${source} line ${lineNo}: expected ${table.columns.length} fields, found ${values.length}`);
    }
    table.rows.push(values);
    table.lines.push(lineNo);
  }
  if (table.columns.length === 0) throw new DataError(`${source}: no @attribute declarations`);
  if (!inData) throw new DataError(`${source}: no @data section`);
  for (const declared of options.numericColumns ?? []) {
    const column = table.columns.find((c) => c.name === declared);
    if (!column) throw new DataError(`${source}: numeric column "${declared}" is not an attribute`);
    if (column.declared !== 'numeric') {
      throw new DataError(`${source}: attribute "${declared}" is declared ${column.categories ? 'nominal' : 'string'}, not numeric`);
    }
  }
  // Default label: the last attribute that is not the split column.
  const lastName = table.columns.filter((c) => c.name !== options.splitColumn).pop()?.name;
  return tableToDataset(table, name, options.labelColumn ?? lastName, options.splitColumn);
}

/** Loads an `.arff` (or gzipped `.arff.gz`) file. */
export function loadArff(path: string, options: TabularLoadOptions = {}, name: string = path): Dataset {
  return parseArff(readFileBytes(path).toString('utf8'), path, name, options);
}

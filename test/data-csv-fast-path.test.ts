import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createRng } from '../src/core/index.js';
import { parseCsv, splitPlainCsv } from '../src/data/csv-loader.js';

/** What csv-parse gives with parseCsv's options: the reference the fast path must equal. */
const reference = (text: string) =>
  (parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as Array<{ record: string[]; info: { lines: number } }>).map(
    ({ record, info }) => ({ record, info: { lines: info.lines } }),
  );

const CELLS = ['', ' ', '\t', '\f', '1', '-2.5', ' 3 ', '\t4\t', 'a b', 'NA', '?', 'x\fy', '1e-3', ' \f '];

/** A quote-free file: random cells and column counts, blank and white-space lines, LF or CRLF, BOM or not. */
function plainFile(seed: number): string {
  const rng = createRng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(rng.next() * items.length)];
  const lines: string[] = [];
  const rows = 1 + Math.floor(rng.next() * 8);
  for (let r = 0; r < rows; r++) {
    const kind = rng.next();
    if (kind < 0.15) lines.push(pick(['', ' ', '\t', '  \t ', '\f']));
    else lines.push(Array.from({ length: 1 + Math.floor(rng.next() * 4) }, () => pick(CELLS)).join(','));
  }
  const newline = rng.next() < 0.5 ? '\n' : '\r\n';
  const bom = rng.next() < 0.2 ? '\ufeff' : '';
  return bom + lines.join(newline) + (rng.next() < 0.5 ? newline : '');
}

test('the quote-free fast path gives csv-parse\'s records and line numbers on 2,000 generated files', () => {
  let checked = 0;
  for (let seed = 1; seed <= 2000; seed++) {
    const text = plainFile(seed);
    const fast = splitPlainCsv(text);
    assert.ok(fast !== null, `seed ${seed}: a quote-free LF or CRLF file takes the fast path: ${JSON.stringify(text)}`);
    assert.deepEqual(fast, reference(text), `seed ${seed}: ${JSON.stringify(text)}`);
    checked++;
  }
  assert.equal(checked, 2000);
});

test('the embedded digits file splits as csv-parse reads it', () => {
  const path = fileURLToPath(new URL('../../datasets/digits.csv.gz', import.meta.url));
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  const fast = splitPlainCsv(text);
  assert.ok(fast !== null);
  assert.equal(fast.length, 1798);
  assert.deepEqual(fast, reference(text));
});

test('a file with white space csv-parse trims otherwise (no-break, vertical tab, ideographic, BOM inside) goes to csv-parse; either way parseCsv gives csv-parse\'s records', () => {
  const rng = createRng(11);
  const others = ['\u00a0', '\v', '\u2003', '\u3000', '\ufeff', '\u2028', '\u202f'];
  for (let seed = 1; seed <= 500; seed++) {
    const base = plainFile(seed).replace(/^\ufeff/, '');
    // One such character anywhere but the very start (where \ufeff is the BOM csv-parse drops too).
    const at = 1 + Math.floor(rng.next() * base.length);
    const text = base.slice(0, at) + others[seed % others.length] + base.slice(at);
    assert.equal(splitPlainCsv(text), null, JSON.stringify(text));
  }
  // The case that differed: a trailing no-break space is trimmed, so "a\u00a0" is the class "a".
  const dataset = parseCsv('x,label\n1,a\u00a0\n2,a\n3,b\n4,b\n', 't.csv', 't');
  assert.deepEqual(dataset.classNames, ['a', 'b']);
});

test('files the fast path cannot read exactly go to csv-parse', () => {
  for (const text of ['a,b\n"1,2",3\n', 'a,b\r1,2\r', 'a,b\r\n1,2\n3,4\r\n', 'a,b\n1,2\r\n', 'a,b\n1\r2,3\n']) {
    assert.equal(splitPlainCsv(text), null, JSON.stringify(text));
  }
});

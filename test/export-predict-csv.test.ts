import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/index.js';
import { loadDataset, standardiseInPlace } from '../src/data/index.js';
import { fileLoadHandler } from '../src/training/index.js';
import { scratchDir, sharedRun } from './fixtures/report/shared-run.js';
import { runCli } from './fixtures/run/cli.js';

const WINE = fileURLToPath(new URL('../../datasets/wine.csv', import.meta.url));
const ROWS = [0, 1, 60, 61, 62, 130, 131, 177];

function exportShared(): string {
  const { db, runId } = sharedRun();
  const dir = join(scratchDir('predict'), 'model');
  const cli = runCli(['export', runId, '--db', db, '--out', dir]);
  assert.equal(cli.status, 0, cli.stderr);
  return dir;
}

/** The header and the chosen raw rows of the embedded wine CSV. */
function wineRows(): { header: string; rows: string[] } {
  const lines = readFileSync(WINE, 'utf8').trim().split('\n');
  return { header: lines[0], rows: ROWS.map((i) => lines[i + 1]) };
}

test('predict applies the stored encoding and standardisation to raw CSV rows: same classes as the model on the dataset\'s own features', async () => {
  await initBackend(undefined, { quiet: true });
  const dir = exportShared();
  const { header, rows } = wineRows();
  const input = join(dir, '..', 'rows.csv');
  const output = join(dir, '..', 'predictions.csv');
  writeFileSync(input, [header, ...rows].join('\n'));
  const cli = runCli(['predict', '--model', dir, '--data', input, '--out', output]);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stderr, /predicted 8 rows .*accuracy against the label column/);

  const manifest = JSON.parse(readFileSync(join(dir, 'multihop.json'), 'utf8'));
  const classNames: string[] = manifest.preprocessing.classNames;
  const table = parse(readFileSync(output, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(table[0]), ['row', 'predicted', ...classNames.map((c) => `p_${c}`), 'actual']);
  assert.equal(table.length, ROWS.length);

  // Independently: the dataset's encoded rows, standardised with the manifest's numbers, through the model.
  const wine = await loadDataset('wine');
  const width = wine.featureNames.length;
  const features = new Float32Array(ROWS.length * width);
  ROWS.forEach((row, i) => features.set(wine.features.subarray(row * width, (row + 1) * width), i * width));
  standardiseInPlace(features, {
    mean: Float32Array.from(manifest.preprocessing.standardisation.mean),
    std: Float32Array.from(manifest.preprocessing.standardisation.std),
  });
  const model = await tf.loadLayersModel(fileLoadHandler(dir));
  const probabilities = tf.tidy(() => tf.softmax(model.predict(tf.tensor2d(features, [ROWS.length, width])) as tf.Tensor2D).arraySync());
  model.dispose();
  table.forEach((row, i) => {
    const expected = probabilities[i].indexOf(Math.max(...probabilities[i]));
    assert.equal(row.predicted, classNames[expected], `row ${i + 1}`);
    assert.equal(row.actual, classNames[wine.labels[ROWS[i]]]);
    classNames.forEach((c, k) => assert.ok(Math.abs(Number(row[`p_${c}`]) - probabilities[i][k]) < 1e-5));
    const sum = classNames.reduce((s, c) => s + Number(row[`p_${c}`]), 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `probabilities of row ${i + 1} sum to ${sum}`);
  });
});

test('predict rejects rows whose columns do not match the model, in one line naming the column', () => {
  const dir = exportShared();
  const { header, rows } = wineRows();
  const columns = header.split(',');
  const cases: Array<{ name: string; lines: string[]; message: RegExp }> = [
    {
      name: 'missing column',
      lines: [columns.filter((c) => c !== 'magnesium').join(','), rows[0].split(',').filter((_, i) => columns[i] !== 'magnesium').join(',')],
      message: /missing column "magnesium"/,
    },
    { name: 'unknown column', lines: [`${header},colour`, `${rows[0]},red`], message: /unexpected column "colour"/ },
    { name: 'short row', lines: [header, rows[0], rows[1].split(',').slice(0, 5).join(',')], message: /line 3: no value for column "total_phenols"/ },
    { name: 'not a number', lines: [header, rows[0].replace(/^[^,]*/, 'strong')], message: /column "alcohol": expected a number, found "strong"/ },
  ];
  for (const { name, lines, message } of cases) {
    const input = join(dir, '..', `${name.replace(/ /g, '-')}.csv`);
    writeFileSync(input, lines.join('\n'));
    const cli = runCli(['predict', '--model', dir, '--data', input]);
    assert.equal(cli.status, 3, `${name}: ${cli.stderr}`);
    assert.match(cli.stderr, message, name);
    assert.equal(cli.stderr.trim().split('\n').length, 1, `${name}: one line, got ${cli.stderr}`);
    assert.equal(cli.stdout, '', name);
  }
});

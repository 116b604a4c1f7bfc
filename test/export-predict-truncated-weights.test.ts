import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './fixtures/run/cli.js';
import { tinyIrisRun } from './fixtures/run/tiny-run.js';

const IRIS = fileURLToPath(new URL('../../datasets/iris.csv', import.meta.url));

test('predict checks the exported files first: a damaged weights.bin, model.json or multihop.json is one line naming the file', () => {
  const { dir, db, runId } = tinyIrisRun('predict-damaged');
  const good = join(dir, 'good');
  assert.equal(runCli(['export', runId, '--db', db, '--out', good]).status, 0);
  const rows = join(dir, 'rows.csv');
  writeFileSync(rows, readFileSync(IRIS, 'utf8').split('\n').slice(0, 6).join('\n'));
  assert.equal(runCli(['predict', '--model', good, '--data', rows]).status, 0, 'the intact export predicts');
  const size = readFileSync(join(good, 'weights.bin')).byteLength;

  const cases: Array<{ damage: (model: string) => void; message: RegExp }> = [
    {
      damage: (m) => writeFileSync(join(m, 'weights.bin'), readFileSync(join(good, 'weights.bin')).subarray(0, 30)),
      message: new RegExp(`weights\\.bin: found 30 bytes, expected ${size} \\(${size / 4} weights declared in model\\.json\\); the file is truncated .*multihop export`),
    },
    {
      damage: (m) => writeFileSync(join(m, 'weights.bin'), new Uint8Array(0)),
      message: new RegExp(`weights\\.bin: found 0 bytes, expected ${size} `),
    },
    {
      damage: (m) => appendFileSync(join(m, 'weights.bin'), new Uint8Array(8)),
      message: new RegExp(`weights\\.bin: found ${size + 8} bytes, expected ${size} .*too long`),
    },
    { damage: (m) => rmSync(join(m, 'weights.bin')), message: /weights\.bin: cannot read the weights file \(ENOENT\)/ },
    { damage: (m) => writeFileSync(join(m, 'model.json'), '{"modelTopology": '), message: /model\.json: cannot read a TF\.js model .*multihop export/ },
    { damage: (m) => writeFileSync(join(m, 'model.json'), '{"modelTopology": {}}'), message: /model\.json: field 'weightsManifest' is invalid/ },
    { damage: (m) => writeFileSync(join(m, 'multihop.json'), '{"format": "multihop-model"}'), message: /multihop\.json: field '.*' is invalid .*export the model again/ },
  ];
  for (const [i, { damage, message }] of cases.entries()) {
    const model = join(dir, `damaged-${i}`);
    cpSync(good, model, { recursive: true });
    damage(model);
    const result = runCli(['predict', '--model', model, '--data', rows]);
    assert.equal(result.status, 2, `case ${i}: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, `case ${i}: no stack trace`);
    assert.equal(result.stderr.trim().split('\n').length, 1, `case ${i}: ${result.stderr}`);
    assert.match(result.stderr, message, `case ${i}`);
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportManifest } from '../src/export/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { WINE, WINE_TORCH_ONNX } from './fixtures/teacher/teacher-files.js';
import { teacherSearch } from './fixtures/teacher/teacher-search.js';

test('export of a run whose root is the user’s model: the root is refused in one line naming the file, a target exports as in any run', () => {
  const dir = tempDir('teacher-export');
  const { db, run, root } = teacherSearch(dir, ['--dataset', WINE, '--teacher', WINE_TORCH_ONNX, '--workers', '2', '--methods', 'kd']);

  const rootOut = join(dir, 'root');
  const refused = runCli(['export', run.id, '--node', root.key, '--out', rootOut, '--db', db]);
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /the root of run \w+ is your own onnx model at .*wine-torch-mlp\.onnx \(sha256 [0-9a-f]{12}…\), measured but never trained, so it is not re-exported; use that file, or export a target/);
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.ok(!existsSync(rootOut), 'nothing was written');

  const targetOut = join(dir, 'target');
  const exported = runCli(['export', run.id, '--out', targetOut, '--db', db]);
  assert.equal(exported.status, 0, exported.stderr);
  const manifest = JSON.parse(readFileSync(join(targetOut, 'multihop.json'), 'utf8')) as ExportManifest;
  assert.notEqual(manifest.nodeKey, root.key);
  assert.equal(manifest.chain[0].key, root.key);
  assert.equal(manifest.chain[0].archLabel, 'onnx wine-torch-mlp.onnx');
  assert.equal(manifest.chain[0].arch, null, 'the run built no arch for the user’s model');
  assert.equal(manifest.chain[0].methodParams.teacher, 'onnx');
  // The exported target predicts like any exported model.
  const predicted = runCli(['predict', '--model', targetOut, '--data', WINE, '--out', join(dir, 'p.csv')]);
  assert.equal(predicted.status, 0, predicted.stderr);
  assert.equal(readFileSync(join(dir, 'p.csv'), 'utf8').trim().split('\n').length, 179);
});

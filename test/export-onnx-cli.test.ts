import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { loadDataset, prepareData } from '../src/data/index.js';
import { openStore } from '../src/store/index.js';
import { runCli, tempDir, type CliResult } from './fixtures/run/cli.js';

ort.env.wasm.numThreads = 1;

/** gbt root, forest / linear / mlp intermediates, tree[d2] target: every family, on iris, in seconds. */
const SPACE = {
  name: 'onnx-iris',
  family: 'gbt',
  dataset: 'iris',
  root: { arch: { family: 'gbt', rounds: 10, maxDepth: 2 } },
  target: { arch: { family: 'tree', maxDepth: 2 } },
  training: { maxEpochs: 20, batchSize: 16, learningRate: 0.02, patience: 3 },
  candidates: [{ family: 'forest', trees: 5, maxDepth: 3 }, { family: 'linear' }, { family: 'mlp', hidden: [6] }],
  methods: { kd: [{ temperature: 2, alpha: 0.5 }] },
  minGain: 0,
  maxDepth: 2,
  strategy: 'greedy',
  seeds: [0],
};

let made: { dir: string; db: string; runId: string } | null = null;

/** One run for both tests (made on first use). */
function mixedRun(): { dir: string; db: string; runId: string } {
  if (made) return made;
  const dir = tempDir('export-onnx');
  const space = join(dir, 'space.json');
  writeFileSync(space, JSON.stringify(SPACE));
  const db = join(dir, 'runs.db');
  const result = runCli(['search', '--space', space, '--db', db, '--workers', '1', '--json']);
  assert.equal(result.status, 0, result.stderr);
  made = { dir, db, runId: (JSON.parse(result.stdout) as { run: { id: string } }).run.id };
  return made;
}

function assertOneLine(result: CliResult, pattern: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, pattern);
}

test('export --format onnx: every tree, forest, linear and mlp node of a run reproduces its stored test accuracy in ONNX Runtime on raw (encoded, unstandardised) rows; gbt is one clear line', async () => {
  const { dir, db, runId } = mixedRun();
  const store = openStore(db, { readonly: true });
  const run = store.getRun(runId)!;
  const done = store.listNodes(runId).filter((n) => n.status === 'done');
  // One node of each family keeps the test short (each export is a CLI process).
  const nodes = done.filter((n, i) => done.findIndex((m) => m.arch.family === n.arch.family) === i);
  store.close();
  // The run's test rows before standardisation: the split does not depend on it.
  const raw = prepareData(await loadDataset('iris'), { ...run.split, standardise: 'none' }).test;
  const exported = new Set<string>();
  for (const node of nodes) {
    const out = join(dir, `onnx-${node.key}`);
    const cli = runCli(['export', runId, '--db', db, '--out', out, '--format', 'onnx', '--node', node.key]);
    if (node.arch.family === 'gbt') {
      assertOneLine(cli, /^multihop: node '\w+' is gbt\[r10 d2\], which has no ONNX export \(tree, forest, linear and mlp models do\); export it with --format model\n$/);
      assert.equal(existsSync(out), false, 'nothing written');
      continue;
    }
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['model.onnx', 'multihop.json']);
    const manifest = JSON.parse(readFileSync(join(out, 'multihop.json'), 'utf8'));
    assert.equal(manifest.modelFormat, 'onnx');
    assert.equal(manifest.output, 'probabilities');
    assert.deepEqual(manifest.onnx.input.shape, ['N', 4]);
    assert.match(manifest.onnx.input.description, /NOT standardised: the graph itself subtracts preprocessing\.standardisation\.mean/);
    const treeModel = node.arch.family === 'tree' || node.arch.family === 'forest';
    assert.deepEqual(manifest.onnx.outputs.map((o: { name: string }) => o.name), treeModel ? ['probabilities', 'label'] : ['probabilities']);

    const session = await ort.InferenceSession.create(readFileSync(join(out, 'model.onnx')));
    const outputs = await session.run({ features: new ort.Tensor('float32', raw.features, [raw.count, 4]) });
    await session.release();
    const probabilities = outputs.probabilities.data as Float32Array;
    let correct = 0;
    for (let i = 0; i < raw.count; i++) {
      const row = Array.from(probabilities.subarray(i * 3, i * 3 + 3));
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, `row ${i} sums to 1`);
      if (row.indexOf(Math.max(...row)) === raw.labels[i]) correct++;
    }
    assert.equal(correct / raw.count, node.test?.accuracy, `${node.archLabel} (${node.key})`);
    assert.equal(correct / raw.count, manifest.metrics.test);
    exported.add(node.arch.family);
  }
  assert.deepEqual([...exported].sort(), ['forest', 'linear', 'mlp', 'tree']);
  assert.ok(nodes.some((n) => n.arch.family === 'gbt'));
});

test('an ONNX export folder: a second export needs --force, predict says to use ONNX Runtime, --out is required', () => {
  const { dir, db, runId } = mixedRun();
  const out = join(dir, 'model');
  const first = runCli(['export', runId, '--db', db, '--out', out, '--format', 'onnx']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^wrote .*model: node \w+ tree\[d2\]/);
  assertOneLine(runCli(['export', runId, '--db', db, '--out', out, '--format', 'onnx']), /already holds an export \(model\.onnx, multihop\.json\); pass --force/);
  assert.equal(runCli(['export', runId, '--db', db, '--out', out, '--format', 'onnx', '--force']).status, 0);

  const csv = join(dir, 'rows.csv');
  writeFileSync(csv, 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n');
  assertOneLine(runCli(['predict', '--model', out, '--data', csv]), /model holds an ONNX export \(model\.onnx\); run it with ONNX Runtime, or export the run again with --format model/);
  assertOneLine(runCli(['export', runId, '--db', db, '--format', 'onnx']), /^multihop: --out: give the folder to write the ONNX model into/);
  assertOneLine(runCli(['export', runId, '--db', db, '--format', 'tflite', '--out', out]), /^multihop: --format must be model, onnx or rules, got 'tflite'/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { loadDataset, prepareData } from '../src/data/index.js';
import { resolveTeacherSpec, queryableTeacher } from '../src/teachers/index.js';
import { tempDir } from './fixtures/run/cli.js';
import { WINE, WINE_TFJS, WINE_TORCH_ONNX } from './fixtures/teacher/teacher-files.js';
import { teacherSearch } from './fixtures/teacher/teacher-search.js';

test('a raw ONNX teacher queried on standardised rows answers as on the raw rows they came from', async () => {
  const data = prepareData(await loadDataset(WINE));
  const raw = prepareData(await loadDataset(WINE), { standardise: 'none' });
  const spec = resolveTeacherSpec({ teacher: WINE_TORCH_ONNX })!;
  const asked = await queryableTeacher({ ...spec, output: 'logits' }, data).predictProbabilities(data.validation.features, data.validation.count);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(WINE_TORCH_ONNX)));
  try {
    const out = await session.run({ features: new ort.Tensor('float32', raw.validation.features, [raw.validation.count, 13]) });
    const logits = out.logits.data as Float32Array;
    for (let i = 0; i < raw.validation.count; i++) {
      const row = Array.from(logits.subarray(i * 3, i * 3 + 3));
      const max = Math.max(...row);
      const sum = row.reduce((s, z) => s + Math.exp(z - max), 0);
      row.forEach((z, c) => assert.ok(Math.abs(asked[i * 3 + c] - Math.exp(z - max) / sum) < 1e-4, `row ${i} class ${c}: ${asked[i * 3 + c]}`));
    }
  } finally {
    await session.release();
  }
});

test('compression trains students on synthetic rows labelled by an ONNX (raw) and a TF.js (standardised) teacher', () => {
  const dir = tempDir('teacher-compression-model');
  for (const teacher of [[WINE_TORCH_ONNX], [WINE_TFJS, '--teacher-input', 'standardized']]) {
    const { root, nodes } = teacherSearch(dir, ['--dataset', WINE, '--teacher', ...teacher, '--workers', '2', '--methods', 'compression', '--max-attempts', '1']);
    const students = nodes.filter((n) => n.parentKey === root.key && n.method === 'compression');
    assert.ok(students.length >= 1, `compression students of ${teacher[0]}`);
    for (const student of students) {
      assert.equal(student.status, 'done', `${student.archLabel}: ${student.error ?? ''}`);
      assert.ok(Number(student.params.syntheticRows) > 0, 'it trained on synthetic rows');
    }
  }
});

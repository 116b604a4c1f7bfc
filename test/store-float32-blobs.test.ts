import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StoreError } from '../src/core/index.js';
import { blobToFloat32, float32ToBlob, openStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun, tempPath } from './fixtures/store/store-samples.js';

const AWKWARD = [0, -0, 1.5, -2.25, 1e-45, 3.4028234663852886e38, Infinity, -Infinity, Math.fround(0.1), NaN];

function sameBits(actual: Float32Array, expected: Float32Array): void {
  assert.equal(actual.length, expected.length);
  assert.deepEqual(
    new Uint32Array(actual.buffer, actual.byteOffset, actual.length),
    new Uint32Array(expected.buffer, expected.byteOffset, expected.length),
  );
}

test('float32ToBlob copies only the view it is given (byteOffset respected)', () => {
  const backing = new Float32Array([9, 9, 1, 2, 3, 9]);
  const view = backing.subarray(2, 5);
  const blob = float32ToBlob(view);
  assert.equal(blob.byteLength, 12);
  backing[2] = 100; // a copy: later writes to the source do not leak into the blob
  sameBits(blobToFloat32(blob, 'test'), new Float32Array([1, 2, 3]));
});

test('blobToFloat32 reads a misaligned buffer and refuses a length that is not a multiple of 4', () => {
  const bytes = new Uint8Array(13);
  bytes.set(new Uint8Array(new Float32Array([1.25, -7, 0.5]).buffer), 1);
  sameBits(blobToFloat32(bytes.subarray(1), 'test'), new Float32Array([1.25, -7, 0.5]));
  assert.throws(() => blobToFloat32(bytes.subarray(0, 6), 'nodes (run r, key k) weights'), (error: unknown) =>
    error instanceof StoreError && /nodes \(run r, key k\) weights: blob of 6 bytes/.test(error.message),
  );
});

test('weights and signals round-trip through the database bit for bit', () => {
  const store = openStore(tempPath());
  const runId = store.createRun(sampleRun).id;
  const values = new Float32Array(AWKWARD);
  const weights = { shapes: [[2, 5], []], values: new Float32Array([...values, 42]) };
  const teacher = {
    trainLogits: new Float32Array(AWKWARD),
    probes: [
      { layer: 'dense_1', validationAccuracy: 0.5, trainTrueConfidence: new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5]) },
      { layer: 'output', validationAccuracy: 0.75, trainTrueConfidence: new Float32Array([1e-7, 0.999, 1, 0, 0.5]) },
    ],
  };
  store.markNodeRunning(runId, sampleHop('root'));
  store.recordNodeDone(runId, 'root', { ...sampleResult(), weights, signals: { teacher } });

  const read = store.getWeights(runId, 'root');
  assert.deepEqual(read.shapes, [[2, 5], []]);
  sameBits(read.values, weights.values);
  const signal = store.getTeacherSignal(runId, 'root');
  assert.ok(signal);
  sameBits(signal.trainLogits, teacher.trainLogits);
  assert.deepEqual(
    signal.probes.map((probe) => [probe.layer, probe.validationAccuracy]),
    [
      ['dense_1', 0.5],
      ['output', 0.75],
    ],
  );
  signal.probes.forEach((probe, index) => sameBits(probe.trainTrueConfidence, teacher.probes[index].trainTrueConfidence));
  store.close();
});

test('weights whose shapes disagree with their values are refused before writing', () => {
  const store = openStore(tempPath());
  const runId = store.createRun(sampleRun).id;
  store.markNodeRunning(runId, sampleHop('root'));
  const weights = { shapes: [[2, 2]], values: new Float32Array(5) };
  assert.throws(
    () => store.recordNodeDone(runId, 'root', { ...sampleResult(), weights }),
    /weight shapes hold 4 values but 5 were given/,
  );
  assert.equal(store.getNode(runId, 'root')?.status, 'running');
  assert.throws(() => store.getWeights(runId, 'root'), /node 'root' of run \w+ has no weights/);
  store.close();
});

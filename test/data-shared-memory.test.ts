import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { loadDataset, prepareData, toSharedMemory } from '../src/data/index.js';

test('toSharedMemory copies every typed array into SharedArrayBuffers; posting shares, not copies', async () => {
  const data = prepareData(await loadDataset('iris'), { seed: 2, rootShare: 0.2 });
  const shared = toSharedMemory(data);
  const arrays = [
    shared.train.features, shared.train.labels, shared.validation.features, shared.validation.labels,
    shared.test.features, shared.test.labels, shared.rootTrain!.features, shared.rootTrain!.labels,
    shared.standardisation!.mean, shared.standardisation!.std,
  ];
  for (const array of arrays) assert.ok(array.buffer instanceof SharedArrayBuffer);
  assert.deepEqual(Array.from(shared.train.features), Array.from(data.train.features));
  assert.deepEqual(Array.from(shared.rootTrain!.labels), Array.from(data.rootTrain!.labels));
  assert.equal(shared.train.count, data.train.count);
  assert.ok(!(data.train.features.buffer instanceof SharedArrayBuffer), 'the input is left as it was');

  const channel = new MessageChannel();
  const received = new Promise<typeof shared>((resolve) => channel.port2.once('message', resolve));
  channel.port1.postMessage(shared);
  const copy = await received;
  copy.train.features[0] = 12345;
  assert.equal(shared.train.features[0], 12345);
  channel.port1.close();
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, hopKey } from '../src/search/index.js';

const training = { maxEpochs: 5, batchSize: 32, learningRate: 0.01, patience: 2 };
const hop = {
  parentKey: 'abc',
  arch: { family: 'mlp' as const, hidden: [8] },
  method: 'kd' as const,
  params: { temperature: 4, alpha: 0.7 },
  seed: 1,
  role: 'target' as const,
};

test('canonical JSON sorts keys at every level and drops undefined fields', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: undefined } }), '{"a":{"d":[1,{"y":null,"z":0}]},"b":1}');
});

test('a hop key is the shortened sha256 of the canonical identity', () => {
  const identity =
    '{"arch":{"activation":"relu","dropout":0,"family":"mlp","hidden":[8]},"method":"kd","params":{"alpha":0.7,"temperature":4},' +
    '"parentKey":"abc","role":"target","salt":"","seed":1,"training":{"batchSize":32,"learningRate":0.01,"maxEpochs":5,"patience":2}}';
  const expected = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  assert.equal(hopKey(hop, training), expected);
});

test('hop keys ignore spelling (key order, written defaults) and change with anything that identifies the node', () => {
  const key = hopKey(hop, training);
  const respelled = { ...hop, arch: { hidden: [8], activation: 'relu' as const, family: 'mlp' as const }, params: { alpha: 0.7, temperature: 4 } };
  assert.equal(hopKey(respelled, training), key);
  assert.notEqual(hopKey({ ...hop, seed: 2 }, training), key);
  assert.notEqual(hopKey({ ...hop, parentKey: null }, training), key);
  assert.notEqual(hopKey({ ...hop, params: { temperature: 2, alpha: 0.7 } }, training), key);
  assert.notEqual(hopKey({ ...hop, role: 'intermediate' }, training), key);
  assert.notEqual(hopKey(hop, { ...training, maxEpochs: 6 }), key);
  assert.notEqual(hopKey(hop, training, 'digits'), key);
});

test('hop keys read through their cache equal the sha256 of canonicalJson(identity) on 2,000 generated hops, asked twice', async () => {
  const { canonicalArch } = await import('../src/models/index.js');
  const { createRng } = await import('../src/core/index.js');
  const rng = createRng(3);
  const pick = <T>(items: T[]): T => items[Math.floor(rng.next() * items.length)];
  const archs = [
    { family: 'mlp' as const, hidden: [8] },
    { family: 'mlp' as const, hidden: [16, 4], activation: 'tanh' as const },
    { family: 'mlp' as const, hidden: [], dropout: 0.1 },
  ];
  const paramsList = [{}, { temperature: 4, alpha: 0.7 }, { beta: 3, probeSelection: 'output', nested: { b: [1, { d: null, c: 2 }], a: 'x' } }];
  const trainings = [training, { ...training, weightDecay: 1e-4 }, { ...training, signalFolds: 3 }];
  const reference = (h: typeof hop | Omit<typeof hop, 'parentKey'> & { parentKey: string | null }, t: object, salt: string) =>
    createHash('sha256')
      .update(canonicalJson({ parentKey: h.parentKey, arch: canonicalArch(h.arch), method: h.method, params: h.params, seed: h.seed, role: h.role, training: t, salt }))
      .digest('hex')
      .slice(0, 16);
  const hops = Array.from({ length: 2000 }, () => ({
    hop: {
      parentKey: pick([null, 'abc', 'a"b\\c']),
      arch: pick(archs),
      method: pick(['kd', 'sratio', 'scratch', 'root'] as const),
      params: pick(paramsList),
      seed: pick([0, 1, 17, -3]),
      role: pick(['root', 'scratch', 'intermediate', 'target'] as const),
    },
    training: pick(trainings),
    salt: pick(['', 'digits', '{"data":"h"}']),
  }));
  for (let round = 0; round < 2; round++) {
    for (const { hop: h, training: t, salt } of hops) assert.equal(hopKey(h as typeof hop, t, salt), reference(h as typeof hop, t, salt), JSON.stringify(h));
  }
});

test('a hop key follows its arch, params and settings when the same objects are changed between calls', () => {
  const params = { temperature: 4, alpha: 0.7 };
  const arch = { family: 'mlp' as const, hidden: [8] };
  const settings = { ...training };
  const mutable = { ...hop, arch, params };
  const before = hopKey(mutable, settings);
  params.temperature = 2;
  const afterParams = hopKey(mutable, settings);
  assert.notEqual(afterParams, before);
  assert.equal(afterParams, hopKey({ ...hop, arch: { family: 'mlp', hidden: [8] }, params: { temperature: 2, alpha: 0.7 } }, { ...training }));
  arch.hidden.push(4);
  const afterArch = hopKey(mutable, settings);
  assert.notEqual(afterArch, afterParams);
  settings.maxEpochs = 9;
  assert.notEqual(hopKey(mutable, settings), afterArch);
});

test('odd inputs give the reference key too, in either order: no training, non-string fields, NaN against null', async () => {
  const { canonicalArch } = await import('../src/models/index.js');
  const reference = (h: Record<string, unknown>, t: unknown, salt = '') =>
    createHash('sha256')
      .update(canonicalJson({ parentKey: h.parentKey, arch: canonicalArch(h.arch as typeof hop.arch), method: h.method, params: h.params, seed: h.seed, role: h.role, training: t, salt }))
      .digest('hex')
      .slice(0, 16);
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [hop, undefined],
    [{ ...hop, method: { b: 1, a: 2 } }, training],
    [{ ...hop, role: () => 1 }, training],
    [{ ...hop, params: { t: Number.NaN } }, training],
    [{ ...hop, params: { t: null } }, training],
    [{ ...hop, arch: { family: 'mlp', hidden: [8], dropout: Number.NaN } }, training],
    [{ ...hop, arch: { family: 'mlp', hidden: [8], dropout: null } }, training],
    [{ ...hop, params: { s: [1, undefined, 3] } }, training],
    [{ ...hop, params: { s: [1, null, 3] } }, training],
  ];
  for (const order of [cases, [...cases].reverse()]) {
    for (const [h, t] of order) assert.equal(hopKey(h as typeof hop, t as typeof training), reference(h, t), JSON.stringify(h));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/core/index.js';
import { validateArch } from '../src/models/index.js';

test('valid specs pass through unchanged', () => {
  const mlp = { family: 'mlp', hidden: [64, 32], activation: 'tanh', dropout: 0.2 };
  assert.deepEqual(validateArch(mlp, 'space.json'), mlp);
  const cnn = { family: 'cnn', convs: [{ filters: 8, kernel: 3, stride: 2, padding: 'same', pool: 2 }], dense: [] };
  assert.deepEqual(validateArch(cnn, 'space.json'), cnn);
  assert.deepEqual(validateArch({ family: 'mlp', hidden: [] }, 'x'), { family: 'mlp', hidden: [] });
});

test('messages name the source, the JSON path and the value', () => {
  const cases: Array<[unknown, string]> = [
    [{ family: 'mlp', hidden: [64, -3] }, 'space.json: root.arch.hidden[1]: expected a positive integer, got -3'],
    [{ family: 'mlp', hidden: [2.5] }, 'space.json: root.arch.hidden[0]: expected a positive integer, got 2.5'],
    [{ family: 'rnn', hidden: [] }, `space.json: root.arch.family: expected 'mlp', 'cnn', 'tree', 'forest', 'linear' or 'gbt', got "rnn"`],
    [{ hidden: [] }, `space.json: root.arch.family: expected 'mlp', 'cnn', 'tree', 'forest', 'linear' or 'gbt', got nothing`],
    [{ family: 'mlp', hidden: [], dropout: 1 }, 'space.json: root.arch.dropout: expected a dropout rate in [0, 1), got 1'],
    [{ family: 'mlp', hidden: [], activation: 'gelu' }, `space.json: root.arch.activation: expected one of 'relu', 'tanh', 'elu', 'sigmoid', got "gelu"`],
    [{ family: 'mlp', hidden: [], widths: [] }, `space.json: root.arch: unknown key 'widths'; remove it or check its spelling`],
    [{ family: 'cnn', convs: [{ filters: 8, kernel: 3, padding: 'full' }], dense: [] }, `space.json: root.arch.convs[0].padding: expected 'same' or 'valid', got "full"`],
    [{ family: 'cnn', convs: [], dense: [] }, 'space.json: root.arch.convs: expected at least one conv block, got []'],
    [{ family: 'cnn', convs: [{ filters: 8 }], dense: [] }, 'space.json: root.arch.convs[0].kernel: expected a positive integer, got nothing'],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => validateArch(value, 'space.json', 'root.arch'),
      (error: unknown) => error instanceof ConfigError && error.message === message,
      message,
    );
  }
});

test('a non-object and several problems', () => {
  assert.throws(() => validateArch(42, 'cli --arch'), /^ConfigError: cli --arch: root: /);
  assert.throws(
    () => validateArch({ family: 'mlp', hidden: [-1, -2] }, 'f'),
    { message: 'f: root.hidden[0]: expected a positive integer, got -1 (and 1 more problem)' },
  );
});

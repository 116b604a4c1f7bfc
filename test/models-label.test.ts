import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archLabel, canonicalArch, sameArch } from '../src/models/index.js';

test('labels', () => {
  assert.equal(archLabel({ family: 'mlp', hidden: [64, 32] }), 'mlp[64-32]');
  assert.equal(archLabel({ family: 'mlp', hidden: [] }), 'mlp[]');
  assert.equal(archLabel({ family: 'mlp', hidden: [8], activation: 'tanh', dropout: 0.25 }), 'mlp[8]/tanh/drop0.25');
  assert.equal(
    archLabel({ family: 'cnn', convs: [{ filters: 32, kernel: 3, pool: 2 }, { filters: 64, kernel: 3, pool: 2 }], dense: [128] }),
    'cnn[c32k3p2-c64k3p2|d128]',
  );
  assert.equal(
    archLabel({ family: 'cnn', convs: [{ filters: 8, kernel: 5, stride: 2, padding: 'same' }], dense: [] }),
    'cnn[c8k5s2:same]',
  );
});

test('sameArch fills defaults and ignores key order', () => {
  assert.ok(sameArch({ family: 'mlp', hidden: [4] }, { hidden: [4], activation: 'relu', family: 'mlp', dropout: 0 }));
  assert.ok(!sameArch({ family: 'mlp', hidden: [4] }, { family: 'mlp', hidden: [4], activation: 'tanh' }));
  assert.ok(!sameArch({ family: 'mlp', hidden: [4, 2] }, { family: 'mlp', hidden: [2, 4] }));
  assert.ok(
    sameArch(
      { family: 'cnn', convs: [{ filters: 4, kernel: 3 }], dense: [] },
      { family: 'cnn', convs: [{ pool: 1, padding: 'valid', stride: 1, kernel: 3, filters: 4 }], dense: [] },
    ),
  );
  assert.deepEqual(canonicalArch({ family: 'mlp', hidden: [3] }), { family: 'mlp', hidden: [3], activation: 'relu', dropout: 0 });
});

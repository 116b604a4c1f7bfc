import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError } from '../src/core/index.js';
import { createController, loadSearchSpace, parseSearchSpace } from '../src/search/index.js';
import { testSettings } from './fixtures/search/simulated-trainer.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'search');

const valid = () => ({
  name: 'x',
  family: 'mlp',
  root: { arch: { family: 'mlp', hidden: [64, 32] } },
  target: { arch: { family: 'mlp', hidden: [2] } },
  candidates: [{ family: 'mlp', hidden: [16] }],
});

function rejects(value: unknown, message: string | RegExp): void {
  assert.throws(
    () => parseSearchSpace(value, 'search-spaces/x.json'),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

test('errors name the file, the JSON path and what was expected', () => {
  const badWidth = valid();
  badWidth.root.arch.hidden[1] = -3;
  rejects(badWidth, 'search-spaces/x.json: root.arch.hidden[1]: expected a positive integer, got -3');
  rejects({ ...valid(), candidates: [{ family: 'mlp', hidden: [16] }, { family: 'rnn' }] },
    "search-spaces/x.json: candidates[1].family: expected 'mlp', 'cnn', 'tree', 'forest', 'linear' or 'gbt', got \"rnn\"");
  rejects({ ...valid(), construct: { fractions: [0.5, 1.2] } },
    'search-spaces/x.json: construct.fractions[1]: expected a fraction strictly between 0 and 1, got 1.2');
  rejects({ ...valid(), minGain: 'small' }, 'search-spaces/x.json: minGain: expected a number >= 0, got "small"');
  rejects({ ...valid(), scratchIntermediates: 'yes' }, 'search-spaces/x.json: scratchIntermediates: expected true or false, got "yes"');
  rejects({ ...valid(), maxDeph: 2 }, "search-spaces/x.json: (top level): unknown key 'maxDeph'; remove it or check its spelling");
  rejects({ ...valid(), training: { maxEpochs: 0 } }, 'search-spaces/x.json: training.maxEpochs: expected a positive integer, got 0');
  rejects({ ...valid(), seeds: Array.from({ length: 101 }, (_, i) => i) }, /^search-spaces\/x.json: seeds: at most 100 seeds \(each multiplies every hop\), got \[0,1,2,/);
  rejects({ ...valid(), methods: { kd: [] } }, 'search-spaces/x.json: methods.kd: expected at least one parameter set, got []');
  const { target: _target, ...noTarget } = valid();
  rejects(noTarget, 'search-spaces/x.json: target: expected an object, got nothing');
  rejects({ ...valid(), family: 'cnn' }, "search-spaces/x.json: root.arch.family: expected 'cnn' (the space's family), got 'mlp'");
  rejects([1, 2], 'search-spaces/x.json: expected a search-space object at the top level');
});

test('defaults are filled and the root inherits the training settings it does not override', () => {
  const space = parseSearchSpace({ ...valid(), training: { maxEpochs: 7 }, root: { ...valid().root, training: { patience: 9 } } }, 'x');
  assert.equal(space.minGain, 0.005);
  assert.equal(space.maxDepth, 2);
  assert.deepEqual(space.training, { maxEpochs: 7, batchSize: 32, learningRate: 0.01, patience: 5 });
  assert.deepEqual(space.root.training, { maxEpochs: 7, batchSize: 32, learningRate: 0.01, patience: 9 });
  assert.deepEqual(space.methods, {});
  assert.equal(space.construct, undefined);
  const constructed = parseSearchSpace({ ...valid(), maxDepth: 3, construct: { fractions: [0.5] } }, 'x');
  assert.deepEqual(constructed.construct, { fractions: [0.5], maxDepth: 3 });
});

test('a JSON syntax error names the line and column', () => {
  const path = join(FIXTURES, 'syntax-error.json');
  assert.throws(() => loadSearchSpace(path), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /syntax-error\.json: line 4, column 3: invalid JSON/);
    return true;
  });
  assert.throws(() => loadSearchSpace(join(FIXTURES, 'missing.json')), /missing\.json: cannot read the search-space file/);
});

test('the controller refuses a target that is not smaller than the root, and unknown strategies', () => {
  const space = parseSearchSpace({ ...valid(), target: { arch: { family: 'mlp', hidden: [128] } } }, 'x.json');
  assert.throws(() => createController(space, testSettings('greedy')), /x\.json: target\.arch has 9610 parameters on this dataset, not fewer than root\.arch's 6570/);
  const ok = parseSearchSpace(valid(), 'x.json');
  assert.throws(() => createController(ok, testSettings('greedy-ish')), /unknown search strategy 'greedy-ish'; known: beam, exhaustive, greedy, one-hop/);
  assert.throws(() => createController(ok, testSettings('greedy', { seeds: [1, 1] })), ConfigError);
  assert.throws(() => createController(ok, testSettings('greedy', { proposers: ['magic'] })), /unknown proposer 'magic'; known: geometric, pool/);
});

test('construct.families names registered, constructible families, each once, that take the dataset', () => {
  const construct = (families: unknown) => ({ ...valid(), construct: { fractions: [0.5], families } });
  rejects(construct(['tree', 'rnn']),
    "search-spaces/x.json: construct.families[1]: expected 'mlp', 'cnn', 'tree', 'forest', 'linear' or 'gbt', got \"rnn\"");
  rejects(construct('tree'), 'search-spaces/x.json: construct.families: expected an array of family keys, got "tree"');
  rejects(construct([]), 'search-spaces/x.json: construct.families: expected at least one family, got []');
  rejects(construct(['tree', 'linear']),
    "search-spaces/x.json: construct.families[1]: 'linear' has a single size, so no archs of it can be constructed; list it in candidates instead");
  rejects(construct(['tree', 'forest', 'tree']), "search-spaces/x.json: construct.families[2]: 'tree' is listed twice; list each family once");
  assert.deepEqual(parseSearchSpace(construct(['forest', 'mlp']), 'x').construct, { fractions: [0.5], maxDepth: 2, families: ['forest', 'mlp'] });
  // A cnn seed cannot take table rows: refused when the controller knows the example shape.
  const cnnOnRows = parseSearchSpace(construct(['tree', 'cnn']), 'x.json');
  assert.throws(() => createController(cnnOnRows, testSettings('greedy', { exampleShape: [30] })), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^x\.json: construct\.families\[1\]: cnn needs image examples/);
    assert.equal(error.message.split('\n').length, 1);
    return true;
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, type MethodParams } from '../src/core/index.js';
import { transferMethods } from '../src/transfer/index.js';
import { handLabels, handScratch, handTeacher } from './fixtures/training/teacher-signal-fixture.js';

const where = 'search-spaces/x.json: methods.kd[0]';

/** Asserts `validateParams` throws a ConfigError with exactly `message`. */
function rejects(key: string, params: MethodParams, message: string): void {
  assert.throws(
    () => transferMethods.get(key).validateParams(params, where),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `${key} ${JSON.stringify(params)}: ${String(error)}`);
      assert.equal(error.message, message);
      return true;
    },
  );
}

test('an unknown key names the place and the key, and lists the known keys', () => {
  rejects('kd', { temprature: 2 }, `${where}: unknown parameter 'temprature'; known: alpha, temperature`);
  rejects(
    'profweight',
    { probeSelection: 'top-k', k: 2 },
    `${where}: unknown parameter 'k'; known: margin, normalise, probeSelection, topK`,
  );
  rejects('sratio', { Beta: 3 }, `${where}: unknown parameter 'Beta'; known: beta, clip, margin, normalise, probeSelection, topK`);
  rejects('scratch', { alpha: 0.5 }, `${where}: unknown parameter 'alpha'; known: none (scratch takes no parameters)`);
});

test('out-of-range and wrongly typed values are config errors naming the place', () => {
  rejects('kd', { alpha: 2 }, `${where}: kd parameter 'alpha' must be a number in [0, 1]; got 2`);
  rejects('kd', { alpha: -0.1 }, `${where}: kd parameter 'alpha' must be a number in [0, 1]; got -0.1`);
  rejects('kd', { temperature: 0 }, `${where}: kd parameter 'temperature' must be a number > 0; got 0`);
  rejects('kd', { temperature: -1 }, `${where}: kd parameter 'temperature' must be a number > 0; got -1`);
  rejects('kd', { alpha: '0.5' }, `${where}: kd parameter 'alpha' must be a number in [0, 1]; got "0.5"`);
  rejects('sratio', { beta: 0 }, `${where}: sratio parameter 'beta' must be a number > 0; got 0`);
  rejects('sratio', { clip: 2 }, `${where}: sratio parameter 'clip' must be a number in (0, 1]; got 2`);
  rejects('profweight', { probeSelection: 'top-k', topK: 0 }, `${where}: profweight parameter 'topK' must be an integer ≥ 1; got 0`);
  rejects('sratio', { probeSelection: 'top-k', topK: 1.5 }, `${where}: sratio parameter 'topK' must be an integer ≥ 1; got 1.5`);
  rejects('profweight', { margin: 0 }, `${where}: profweight parameter 'margin' must be a number > 0; got 0`);
  rejects(
    'profweight',
    { probeSelection: 'output' },
    `${where}: profweight parameter 'probeSelection' must be one of 'margin', 'top-k'; got "output"`,
  );
  rejects(
    'sratio',
    { probeSelection: 'best' },
    `${where}: sratio parameter 'probeSelection' must be one of 'output', 'margin', 'top-k'; got "best"`,
  );
  rejects('sratio', { normalise: true }, `${where}: sratio parameter 'normalise' must be one of 'mean-one', 'none'; got true`);
});

test("a probe setting given for another selection rule is an error, not silently ignored", () => {
  rejects(
    'sratio',
    { probeSelection: 'output', topK: 2 },
    `${where}: sratio parameter 'topK' applies only with probeSelection 'top-k'; got probeSelection 'output'`,
  );
  rejects(
    'profweight',
    { probeSelection: 'top-k', margin: 0.9 },
    `${where}: profweight parameter 'margin' applies only with probeSelection 'margin'; got probeSelection 'top-k'`,
  );
});

test('valid params come back with the defaults filled, as prepare records them', () => {
  const get = (key: string) => transferMethods.get(key);
  assert.deepEqual(get('kd').validateParams({}, where), { temperature: 4, alpha: 0.7 });
  assert.deepEqual(get('kd').validateParams({ alpha: 0 }, where), { temperature: 4, alpha: 0 });
  assert.deepEqual(get('scratch').validateParams({}, where), {});
  assert.deepEqual(get('profweight').validateParams({}, where), { probeSelection: 'margin', margin: 1, normalise: 'mean-one' });
  assert.deepEqual(get('profweight').validateParams({ probeSelection: 'top-k' }, where), {
    probeSelection: 'top-k',
    topK: 2,
    normalise: 'mean-one',
  });
  assert.deepEqual(get('sratio').validateParams({ beta: 1.5 }, where), {
    beta: 1.5,
    probeSelection: 'output',
    clip: 1e-3,
    normalise: 'mean-one',
  });
  // prepare records the same values, plus its data-dependent and convention fields.
  const ctx = { trainLabels: handLabels, numClasses: 3, teacher: handTeacher(), studentScratch: handScratch(0.75, [0.5, 0.5, 0.5, 0.5]) };
  for (const [key, params] of [
    ['kd', { alpha: 0.5 }],
    ['profweight', { probeSelection: 'top-k', topK: 1 }],
    ['profweight', { margin: 0.9 }],
    ['sratio', { beta: 5, probeSelection: 'margin' }],
  ] as const) {
    const validated = get(key).validateParams(params, where);
    const recorded = get(key).prepare(ctx, params).params;
    for (const [name, value] of Object.entries(validated)) assert.deepEqual(recorded[name], value, `${key}.${name}`);
    // Validating the result again changes nothing: callers may store the filled params as the grid.
    assert.deepEqual(get(key).validateParams(validated, where), validated);
  }
});

test('prepare runs the same value checks (without the place)', () => {
  const ctx = { trainLabels: handLabels, numClasses: 3, teacher: handTeacher() };
  assert.throws(() => transferMethods.get('kd').prepare(ctx, { alpha: 2 }), {
    message: "kd parameter 'alpha' must be a number in [0, 1]; got 2",
  });
});

test('every entry of every default grid validates and keeps its given values', () => {
  for (const key of transferMethods.keys()) {
    const method = transferMethods.get(key);
    method.defaultGrid.forEach((params, i) => {
      const validated = method.validateParams(params, `${key}.defaultGrid[${i}]`);
      for (const [name, value] of Object.entries(params)) assert.deepEqual(validated[name], value, `${key}[${i}].${name}`);
    });
  }
});

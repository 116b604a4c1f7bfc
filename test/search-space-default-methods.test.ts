// A space may suggest the methods a search tries when --methods is not given (the shipped default
// space does: its chain is a case where distillation through an intermediate tree helps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRunConfig } from '../src/config/index.js';
import { parseSearchSpace } from '../src/search/index.js';

const base = { name: 'n', family: 'mlp', root: { arch: { family: 'mlp', hidden: [8] } }, target: { arch: { family: 'mlp', hidden: [1] } } };

test('defaultMethods: used without --methods, overridden by it, checked against the registered methods', () => {
  assert.deepEqual(resolveRunConfig({}).methods, ['kd', 'profweight', 'sratio']);
  assert.deepEqual(resolveRunConfig({ methods: ['kd'] }).methods, ['kd']);
  assert.deepEqual(resolveRunConfig({ space: 'tiny' }).methods, ['kd']);
  assert.deepEqual(parseSearchSpace({ ...base, defaultMethods: ['sratio'] }, 's.json').defaultMethods, ['sratio']);
  assert.throws(() => parseSearchSpace({ ...base, defaultMethods: ['distill'] }, 's.json'), /s\.json: defaultMethods\[0\]: expected /);
  assert.throws(() => parseSearchSpace({ ...base, defaultMethods: [] }, 's.json'), /s\.json: defaultMethods: expected at least one method/);
});

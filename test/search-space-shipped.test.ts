import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_SEARCH_SPACES_DIR, createController, loadSearchSpace, searchSpacePath } from '../src/search/index.js';

const SHAPES: Record<string, number[]> = { mlp: [64], cnn: [28, 28, 1], gbt: [30] };

test('every shipped search space parses and yields a first plan', () => {
  const files = readdirSync(SHIPPED_SEARCH_SPACES_DIR).filter((f) => f.endsWith('.json'));
  assert.ok(['default.json', 'fashion-cnn.json', 'tabular-mlp.json', 'tiny.json'].every((f) => files.includes(f)));
  for (const file of files) {
    const space = loadSearchSpace(join(SHIPPED_SEARCH_SPACES_DIR, file));
    const controller = createController(space, {
      strategy: space.strategy ?? 'greedy',
      methods: [{ key: 'kd', grid: [{}] }, { key: 'profweight', grid: [{}] }, { key: 'sratio', grid: [{}] }],
      seeds: space.seeds ?? [1],
      exampleShape: SHAPES[space.family],
      numClasses: 10,
    });
    const step = controller.plan([]);
    assert.equal(step.kind, 'run', file);
    if (step.kind === 'run') assert.equal(step.hops[0].role, 'root', file);
  }
});

test('shipped spaces are found by name', () => {
  assert.equal(loadSearchSpace(searchSpacePath('tiny')).name, 'tiny');
  assert.equal(searchSpacePath('my/space.json'), 'my/space.json');
});

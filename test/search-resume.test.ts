import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createController, strategies } from '../src/search/index.js';
import { simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

const TABLE = { 'R>T': 0.63, 'R>A>T': 0.66, 'R>B>T': 0.67, 'R>A>B>T': 0.75 };
const accuracy = tableAccuracy(TABLE);

for (const strategy of strategies.keys()) {
  test(`${strategy}: the same outcomes give the same plan, from a fresh controller too`, () => {
    const partial = simulate(createController(testSpace(), testSettings(strategy)), accuracy, { maxSteps: 1 });
    const first = createController(testSpace(), testSettings(strategy)).plan(partial.outcomes);
    const again = createController(testSpace(), testSettings(strategy)).plan(partial.outcomes);
    assert.equal(first.kind, 'run');
    assert.deepEqual(again, first);
    // Store order does not matter.
    const reversed = createController(testSpace(), testSettings(strategy)).plan([...partial.outcomes].reverse());
    assert.deepEqual(reversed, first);
  });

  test(`${strategy}: a run interrupted after any step and resumed gives the identical result`, () => {
    const whole = simulate(createController(testSpace(), testSettings(strategy)), accuracy);
    assert.ok(whole.result);
    for (let stop = 1; stop < whole.steps; stop++) {
      for (const partialLastStep of [undefined, 1]) {
        const interrupted = simulate(createController(testSpace(), testSettings(strategy)), accuracy, {
          maxSteps: stop,
          partialLastStep,
        });
        assert.equal(interrupted.result, null);
        const resumed = simulate(
          createController(testSpace(), testSettings(strategy)),
          accuracy,
          { outcomes: interrupted.outcomes },
          interrupted.views,
        );
        assert.deepEqual(resumed.result, whole.result, `stopped after step ${stop} (partial: ${partialLastStep})`);
        // Finished nodes are never trained again.
        assert.equal(interrupted.trained.length + resumed.trained.length, whole.trained.length);
      }
    }
  });
}

test('hop keys depend on the key salt, so different datasets never share nodes', () => {
  const plain = createController(testSpace(), testSettings('greedy')).plan([]);
  const salted = createController(testSpace(), testSettings('greedy', { keySalt: 'digits:abc' })).plan([]);
  assert.equal(plain.kind, 'run');
  assert.equal(salted.kind, 'run');
  if (plain.kind !== 'run' || salted.kind !== 'run') return;
  assert.equal(plain.hops.length, salted.hops.length);
  assert.ok(plain.hops.every((hop, i) => hop.key !== salted.hops[i].key));
});

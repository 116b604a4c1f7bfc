import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NodeOutcome } from '../src/core/index.js';
import { createRng } from '../src/core/index.js';
import { createController, strategies } from '../src/search/index.js';
import { simulate, tableAccuracy, testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

// NodeOutcome carries no test metrics; a store row that happens to carry them must not change
// any decision (docs/design.md §4.4: selection uses validation accuracy only).
test('plans and results are unchanged by test accuracies and other extra fields on outcomes', () => {
  const rng = createRng(7);
  const accuracy = tableAccuracy({ 'R>T': 0.63, 'R>A>T': 0.66, 'R>B>T': 0.67, 'R>A>B>T': 0.75 });
  for (const strategy of strategies.keys()) {
    const whole = simulate(createController(testSpace(), testSettings(strategy)), accuracy);
    for (let stop = 0; stop <= whole.steps; stop++) {
      const partial = simulate(createController(testSpace(), testSettings(strategy)), accuracy, { maxSteps: stop });
      const junk = partial.outcomes.map(
        (o) => ({ ...o, testAccuracy: rng.next(), test: { accuracy: rng.next(), loss: rng.next() }, wallMs: rng.int(1000) }) as NodeOutcome,
      );
      const controller = createController(testSpace(), testSettings(strategy));
      assert.deepEqual(controller.plan(junk), controller.plan(partial.outcomes), `${strategy}, step ${stop}`);
    }
  }
});

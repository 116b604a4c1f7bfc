import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch } from '../src/core/index.js';
import { createRng } from '../src/core/index.js';
import { archLabel, sameArch } from '../src/models/index.js';
import { createController, proposers } from '../src/search/index.js';
import { testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

// The contract every proposer keeps, checked on random mlp teacher/target pairs: proposals lie
// strictly between in parameters, are distinct, and are the same on every call.
test('every proposer proposes distinct archs strictly between teacher and target, deterministically', () => {
  const rng = createRng(3);
  const randomMlp = (): Arch => ({
    family: 'mlp',
    hidden: Array.from({ length: rng.int(4) }, () => 1 + rng.int(200)),
  });
  const candidates = Array.from({ length: 12 }, randomMlp);
  const space = testSpace({ candidates, construct: { fractions: [0.1, 0.5, 0.9] } });
  const ctx = createController(space, testSettings('greedy')).search.proposerContext;
  for (const key of proposers.keys()) {
    const proposer = proposers.get(key);
    let proposed = 0;
    for (let trial = 0; trial < 40; trial++) {
      const [a, b] = [randomMlp(), randomMlp()];
      const [teacher, target] = ctx.complexity(a).params >= ctx.complexity(b).params ? [a, b] : [b, a];
      const archs = proposer.propose(teacher, target, ctx);
      proposed += archs.length;
      const [hi, lo] = [ctx.complexity(teacher).params, ctx.complexity(target).params];
      for (const arch of archs) {
        const params = ctx.complexity(arch).params;
        assert.ok(params < hi && params > lo, `${key}: ${archLabel(arch)} (${params}) not in (${lo}, ${hi})`);
      }
      archs.forEach((x, i) => archs.slice(i + 1).forEach((y) => assert.ok(!sameArch(x, y), `${key}: duplicate ${archLabel(x)}`)));
      assert.deepEqual(proposer.propose(teacher, target, ctx), archs);
    }
    assert.ok(proposed > 10, `${key} proposed only ${proposed} archs over 40 pairs`);
  }
});

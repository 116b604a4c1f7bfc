import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch } from '../src/core/index.js';
import { createRng } from '../src/core/index.js';
import { archLabel, sameArch } from '../src/models/index.js';
import { createController, proposers } from '../src/search/index.js';
import type { ProposerContext } from '../src/search/index.js';
import { testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

type Rng = ReturnType<typeof createRng>;

/** The contract every proposer keeps on `pairs` random teacher/target pairs drawn by `randomArch`. */
function checkContract(ctx: ProposerContext, randomArch: () => Arch, what: string): void {
  for (const key of proposers.keys()) {
    const proposer = proposers.get(key);
    let proposed = 0;
    for (let trial = 0; trial < 40; trial++) {
      const [a, b] = [randomArch(), randomArch()];
      const [teacher, target] = ctx.complexity(a).params >= ctx.complexity(b).params ? [a, b] : [b, a];
      const archs = proposer.propose(teacher, target, ctx);
      proposed += archs.length;
      const [hi, lo] = [ctx.complexity(teacher).params, ctx.complexity(target).params];
      for (const arch of archs) {
        const params = ctx.complexity(arch).params;
        assert.ok(params < hi && params > lo, `${what} ${key}: ${archLabel(arch)} (${params}) not in (${lo}, ${hi})`);
      }
      archs.forEach((x, i) => archs.slice(i + 1).forEach((y) => assert.ok(!sameArch(x, y), `${what} ${key}: duplicate ${archLabel(x)}`)));
      assert.deepEqual(proposer.propose(teacher, target, ctx), archs);
    }
    assert.ok(proposed > 10, `${what} ${key} proposed only ${proposed} archs over 40 pairs`);
  }
}

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
  checkContract(ctx, randomMlp, 'mlp');
});

/** A random arch of one of the tree families (or an mlp), with optional fields sometimes set. */
function randomTabularArch(rng: Rng): Arch {
  const depth = 1 + rng.int(8);
  switch (rng.int(4)) {
    case 0:
      return rng.int(2) === 0
        ? { family: 'tree', maxDepth: depth }
        : { family: 'tree', maxDepth: depth, maxLeaves: 2 + rng.int(2 ** depth), criterion: 'entropy' };
    case 1:
      return { family: 'forest', trees: 1 + rng.int(60), maxDepth: depth, ...(rng.int(2) === 0 ? { minSamplesLeaf: 3 } : {}) };
    case 2:
      return { family: 'gbt', rounds: 1 + rng.int(150), maxDepth: depth, ...(rng.int(2) === 0 ? { learningRate: 0.05 } : {}) };
    default:
      return { family: 'mlp', hidden: Array.from({ length: rng.int(3) }, () => 1 + rng.int(100)) };
  }
}

// The same contract on mixed tree-family pairs, constructing every constructible family: what the
// bisection builds lies strictly between on params, the cross-family scale.
test('the contract holds for tree, forest, gbt and mixed teacher/target pairs constructed across families', () => {
  const rng = createRng(11);
  const random = (): Arch => randomTabularArch(rng);
  const space = testSpace({
    family: 'gbt',
    root: { arch: { family: 'gbt', rounds: 100, maxDepth: 3 } },
    target: { arch: { family: 'tree', maxDepth: 3 } },
    candidates: Array.from({ length: 12 }, random),
    construct: { fractions: [0.2, 0.5, 0.8], families: ['tree', 'forest', 'gbt', 'mlp'] },
  });
  const ctx = createController(space, testSettings('greedy', { exampleShape: [30], numClasses: 2 })).search.proposerContext;
  checkContract(ctx, random, 'tabular');
});

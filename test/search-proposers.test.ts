import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch } from '../src/core/index.js';
import { archLabel } from '../src/models/index.js';
import { createController, parseSearchSpace, proposers } from '../src/search/index.js';
import type { SearchSpace } from '../src/search/index.js';
import { testSettings, testSpace } from './fixtures/search/simulated-trainer.js';

const mlp = (...hidden: number[]): Arch => ({ family: 'mlp', hidden });

function contextFor(space: SearchSpace, exampleShape = [64]) {
  return createController(space, { ...testSettings('greedy'), exampleShape }).search.proposerContext;
}

/** Where `params` sits between teacher (0) and target (1) on a log scale. */
function realisedFraction(params: number, teacher: number, target: number): number {
  return Math.log(teacher / params) / Math.log(teacher / target);
}

test('geometric mlp archs hit hand-computed widths and lie strictly between', () => {
  const space = testSpace({ construct: { fractions: [0.25, 0.5, 0.75] } });
  const ctx = contextFor(space);
  const teacher = mlp(64, 32); // 6570 params on 64 features, 10 classes
  const target = mlp(2); // 160 params
  const archs = proposers.get('geometric').propose(teacher, target, ctx);
  assert.equal(archs.length, 3);
  // f = 0.5: budget √(6570·160) ≈ 1025.3; depth round(1.5) = 2 layers of 64m, 32m;
  // [13, 7] has 64·13+13 + 13·7+7 + 7·10+10 = 1023 parameters (next step up, [14, 7], has 1095).
  assert.ok(archs.some((a) => archLabel(a) === 'mlp[13-7]'));
  // f = 0.75: budget 6570^¼·160^¾ ≈ 405; depth round(1.25) = 1; 75w + 10 ≈ 405 gives w = 5 (385).
  assert.ok(archs.some((a) => archLabel(a) === 'mlp[5]'));
  const fractions = [0.25, 0.5, 0.75];
  archs.forEach((arch, i) => {
    const params = ctx.complexity(arch).params;
    assert.ok(params < 6570 && params > 160, `${archLabel(arch)} has ${params} params`);
    assert.ok(Math.abs(realisedFraction(params, 6570, 160) - fractions[i]) < 0.05, archLabel(arch));
  });
  // f = 0.25 keeps the teacher's two layers (round(1.75) = 2).
  assert.equal((archs[0] as { hidden: number[] }).hidden.length, 2);
});

test('geometric cnn archs keep the conv geometry and scale filters and dense widths', () => {
  const space = parseSearchSpace(
    {
      name: 'cnn',
      family: 'cnn',
      root: {
        arch: {
          family: 'cnn',
          convs: [
            { filters: 32, kernel: 3, pool: 2 },
            { filters: 64, kernel: 3, pool: 2 },
          ],
          dense: [128],
        },
      },
      target: { arch: { family: 'cnn', convs: [{ filters: 2, kernel: 3, pool: 4 }], dense: [] } },
      construct: { fractions: [0.3, 0.6] },
    },
    'cnn-space',
  );
  const ctx = contextFor(space, [28, 28, 1]);
  const teacher = space.root.arch;
  const target = space.target.arch;
  const [teacherParams, targetParams] = [ctx.complexity(teacher).params, ctx.complexity(target).params];
  const archs = proposers.get('geometric').propose(teacher, target, ctx);
  assert.equal(archs.length, 2);
  archs.forEach((arch, i) => {
    assert.equal(arch.family, 'cnn');
    if (arch.family !== 'cnn') return;
    assert.deepEqual(arch.convs.map((b) => [b.kernel, b.pool]), [[3, 2], [3, 2]]);
    assert.ok(arch.convs[0].filters < 32 && arch.convs[1].filters < 64);
    const params = ctx.complexity(arch).params;
    assert.ok(params < teacherParams && params > targetParams);
    assert.ok(Math.abs(realisedFraction(params, teacherParams, targetParams) - [0.3, 0.6][i]) < 0.05, archLabel(arch));
  });
});

test('geometric returns nothing when no arch fits strictly between', () => {
  const ctx = contextFor(testSpace({ construct: { fractions: [0.5] } }));
  // [3] has 235 params and [2] 160: widths 2 and 3 are the only one-layer options, neither between.
  assert.deepEqual(proposers.get('geometric').propose(mlp(3), mlp(2), ctx), []);
});

test('pool proposes candidates strictly between, largest first, without duplicates', () => {
  const space = testSpace({
    candidates: [
      { family: 'mlp', hidden: [8] },
      { family: 'mlp', hidden: [128] },
      { family: 'mlp', hidden: [16] },
      { family: 'mlp', hidden: [16], activation: 'relu' },
      { family: 'mlp', hidden: [32] },
      { family: 'mlp', hidden: [1] },
    ],
  });
  const ctx = contextFor(space);
  const pool = proposers.get('pool');
  assert.deepEqual(pool.propose(mlp(64, 32), mlp(2), ctx).map(archLabel), ['mlp[32]', 'mlp[16]', 'mlp[8]']);
  assert.deepEqual(pool.propose(mlp(16), mlp(2), ctx).map(archLabel), ['mlp[8]']);
  assert.deepEqual(pool.propose(mlp(8), mlp(2), ctx), []);
});

test('greedy with construct trains constructed intermediates between root and target', () => {
  const space = testSpace({ candidates: [], construct: { fractions: [0.5] } });
  const controller = createController(space, testSettings('greedy'));
  let step = controller.plan([]);
  assert.equal(step.kind, 'run');
  if (step.kind !== 'run') return;
  const root = step.hops[0];
  step = controller.plan([{ key: root.key, status: 'done', validationAccuracy: 0.9, complexity: { params: 6570, flops: 0, bytes: 0 }, attempts: 1 }]);
  assert.equal(step.kind, 'run');
  if (step.kind !== 'run') return;
  const intermediates = new Set(step.hops.filter((h) => h.role === 'intermediate').map((h) => archLabel(h.arch)));
  assert.deepEqual([...intermediates], ['mlp[13-7]']);
});

/** A breast-cancer-shaped space (30 features, 2 classes): gbt[r100 d3] (3,002 nodes) down to tree[d3] (15). */
function tabularContext(construct: Record<string, unknown>) {
  const space = testSpace({
    family: 'gbt',
    root: { arch: { family: 'gbt', rounds: 100, maxDepth: 3 } },
    target: { arch: { family: 'tree', maxDepth: 3 } },
    candidates: [],
    construct,
  });
  return { space, ctx: createController(space, { ...testSettings('greedy'), exampleShape: [30], numClasses: 2 }).search.proposerContext };
}

test('geometric constructs each listed family at each fraction, from the teacher, the target or a seed', () => {
  const { space, ctx } = tabularContext({ fractions: [0.5], families: ['forest', 'tree', 'mlp', 'gbt'] });
  const archs = proposers.get('geometric').propose(space.root.arch, space.target.arch, ctx);
  // Budget √(3002·15) ≈ 212.2 nodes/params, hit in each family's own steps:
  // gbt (the teacher's family, d3 kept): 30·rounds + 2 → r7 = 212;
  // forest (seed forest[t10 d4], depth round(3.5) = 4, 31 nodes a tree): t7 = 217 beats t6 = 186;
  // tree (from the target tree[d3]): 2·leaves − 1 → 107 leaves = 213 beats 106 = 211, depth ⌈log2 107⌉ = 7;
  // mlp (seed mlp[32], one layer since the target has none): 33w + 2 → w6 = 200 beats w7 = 233.
  assert.deepEqual(archs.map(archLabel), ['forest[t7 d4]', 'tree[d7]/n107', 'gbt[r7 d3]', 'mlp[6]']);
  assert.deepEqual(archs.map((a) => ctx.complexity(a).params), [217, 213, 212, 200]);
});

test('without construct.families, only the root family is constructed, whatever the teacher', () => {
  const { space, ctx } = tabularContext({ fractions: [0.5] });
  const geometric = proposers.get('geometric');
  assert.deepEqual(geometric.propose(space.root.arch, space.target.arch, ctx).map(archLabel), ['gbt[r7 d3]']);
  // A forest teacher (a pool candidate of another family) still gets gbt intermediates, scaled from
  // the gbt seed gbt[r20 d3]: budget √(31·7·15) ≈ 57 → 30·2 + 2 = 62 nodes (r1 = 32 is further).
  const forest: Arch = { family: 'forest', trees: 7, maxDepth: 4 };
  assert.deepEqual(geometric.propose(forest, space.target.arch, ctx).map(archLabel), ['gbt[r2 d3]']);
});

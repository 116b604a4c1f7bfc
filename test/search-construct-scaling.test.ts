import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch } from '../src/core/index.js';
import { createRng } from '../src/core/index.js';
import { archLabel, complexityOf, families, validateArch } from '../src/models/index.js';
import type { ScaleTarget } from '../src/models/index.js';

const SHAPE = [30];
const CLASSES = 3;
const params = (arch: Arch): number => complexityOf(arch, SHAPE, CLASSES).params;
const MULTIPLIERS = Array.from({ length: 80 }, (_, i) => 1e-3 * 1.25 ** i);

/** Random archs of each tree family, with the optional fields that shape their scaling sometimes set. */
function randomTeacher(key: 'tree' | 'forest' | 'gbt', rng: ReturnType<typeof createRng>): Arch {
  const depth = 1 + rng.int(12);
  if (key === 'tree') return rng.int(2) === 0 ? { family: 'tree', maxDepth: depth } : { family: 'tree', maxDepth: depth, maxLeaves: 2 + rng.int(40) };
  if (key === 'forest') return { family: 'forest', trees: 1 + rng.int(80), maxDepth: depth };
  return { family: 'gbt', rounds: 1 + rng.int(300), maxDepth: Math.min(depth, 16), learningRate: 0.05 };
}

// The geometric proposer bisects over the multiplier, which is only sound when params never
// decrease as it grows; every built arch must also be a valid arch of its family.
test('tree, forest and gbt scaledBetween build valid archs whose params grow monotonically with the multiplier', () => {
  const rng = createRng(5);
  for (const key of ['tree', 'forest', 'gbt'] as const) {
    const family = families.get(key);
    for (let trial = 0; trial < 30; trial++) {
      const teacher = randomTeacher(key, rng);
      const targetDepth = 1 + rng.int(6);
      const target: ScaleTarget = { arch: { family: 'tree', maxDepth: targetDepth }, depth: targetDepth };
      const fraction = [0.1, 0.5, 0.9][trial % 3];
      const build = family.scaledBetween?.(teacher, target, fraction);
      assert.ok(build, `${key} scales`);
      let previous = 0;
      for (const multiplier of MULTIPLIERS) {
        const arch = build(multiplier);
        assert.deepEqual(validateArch(arch, 'test', 'arch'), arch, `${archLabel(arch)} is valid`);
        const p = params(arch);
        assert.ok(p >= previous, `${key} from ${archLabel(teacher)}: ${archLabel(arch)} (${p}) < ${previous} at ×${multiplier}`);
        previous = p;
      }
      assert.ok(previous > params(teacher), `${key}: a large multiplier outgrows ${archLabel(teacher)}`);
    }
  }
});

test('the interpolated depth and the scaled size are hand-computable', () => {
  const depth3: ScaleTarget = { arch: { family: 'tree', maxDepth: 3 }, depth: 3 };
  // tree[d9] → tree[d3] at f = 0.5: depth round(6) = 6, 2^6 = 64 leaves at ×1, 32 at ×0.5.
  const tree = families.get('tree').scaledBetween!({ family: 'tree', maxDepth: 9 }, depth3, 0.5)!;
  assert.equal(archLabel(tree(1)), 'tree[d6]');
  assert.equal(archLabel(tree(0.5)), 'tree[d6]/n32');
  // More leaves than the interpolated depth holds deepen the tree: 64·3 = 192 leaves need depth 8.
  assert.equal(archLabel(tree(3)), 'tree[d8]/n192');
  assert.equal(params(tree(3)), 2 * 192 - 1);
  // forest[t40 d8] → depth 3 at f = 0.4: depth round(0.6·8 + 0.4·3) = 6, trees 40·0.25 = 10.
  const forest = families.get('forest').scaledBetween!({ family: 'forest', trees: 40, maxDepth: 8 }, depth3, 0.4)!;
  assert.equal(archLabel(forest(0.25)), 'forest[t10 d6]');
  // gbt[r200 d5] → depth 3 at f = 0.5: depth 4, rounds 200·0.1 = 20; learning rate kept.
  const gbt = families.get('gbt').scaledBetween!({ family: 'gbt', rounds: 200, maxDepth: 5, learningRate: 0.05 }, depth3, 0.5)!;
  assert.equal(archLabel(gbt(0.1)), 'gbt[r20 d4]/lr0.05');
  // A target of another family leaves the teacher's depth as it is.
  const toMlp = families.get('gbt').scaledBetween!({ family: 'gbt', rounds: 10, maxDepth: 5 }, { arch: { family: 'mlp', hidden: [4] }, denseWidths: [4] }, 0.5)!;
  assert.equal(archLabel(toMlp(1)), 'gbt[r10 d5]');
});

test('linear has a single size: it constructs nothing and has no construction seed', () => {
  const linear = families.get('linear');
  assert.equal(linear.scaledBetween?.({ family: 'linear' }, { arch: { family: 'tree', maxDepth: 2 }, depth: 2 }, 0.5), null);
  assert.equal(linear.constructionSeed, undefined);
  for (const key of ['mlp', 'cnn', 'tree', 'forest', 'gbt']) {
    const seed = families.get(key).constructionSeed;
    assert.ok(seed, `${key} has a construction seed`);
    assert.deepEqual(validateArch(seed, 'test', 'seed'), seed);
  }
});

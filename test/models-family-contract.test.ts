// One contract, checked over every registered model family: a family added to the registry
// fails here until it has a fixture below and keeps every promise the rest of the code relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, type Arch } from '../src/core/index.js';
import { families, familyOf, validateArch } from '../src/models/index.js';
import { useWasmBackend } from './fixtures/training/backend.js';
import { blobData } from './fixtures/training/synthetic-data.js';

interface FamilyFixture {
  /** A valid arch of the family. */
  arch: Arch;
  /** The same arch, wider: more parameters (absent for a family whose size is fixed by the data, like linear). */
  wider?: Arch;
  /** An invalid spec claiming the family, and the one-line message it gets. */
  invalid: { value: unknown; message: string };
  /** Probes its teacher signal has: one per representation layer (or partial ensemble), plus the output. */
  probes: number;
  /** Tree families: complexity counts a bound on nodes, so the stored weights fit in `bytes` instead of matching `params`. */
  nodeBound?: boolean;
  /** The most epochs training reports when it is not bounded by maxEpochs (linear: solver iterations). */
  maxEpochs?: number;
}

const FIXTURES: Record<string, FamilyFixture> = {
  mlp: {
    arch: { family: 'mlp', hidden: [6, 4] },
    wider: { family: 'mlp', hidden: [12, 8] },
    invalid: { value: { family: 'mlp', hidden: [0] }, message: 'f: root.hidden[0]: expected a positive integer, got 0' },
    probes: 3,
  },
  cnn: {
    arch: { family: 'cnn', convs: [{ filters: 2, kernel: 2, pool: 2 }], dense: [4] },
    wider: { family: 'cnn', convs: [{ filters: 4, kernel: 2, pool: 2 }], dense: [8] },
    invalid: { value: { family: 'cnn', convs: [], dense: [] }, message: 'f: root.convs: expected at least one conv block, got []' },
    probes: 3,
  },
  tree: {
    arch: { family: 'tree', maxDepth: 1 },
    wider: { family: 'tree', maxDepth: 3 },
    invalid: { value: { family: 'tree', maxDepth: 0 }, message: 'f: root.maxDepth: expected a depth from 1 to 30, got 0' },
    probes: 1,
  },
  forest: {
    arch: { family: 'forest', trees: 4, maxDepth: 1 },
    wider: { family: 'forest', trees: 8, maxDepth: 2 },
    invalid: { value: { family: 'forest', trees: 4, maxDepth: 2, maxFeatures: 'log2' }, message: "f: root.maxFeatures: expected 'sqrt' or a positive integer, got \"log2\"" },
    // trees:1, trees:2, then the whole forest.
    probes: 3,
  },
  linear: {
    arch: { family: 'linear', l2: 0.01 },
    invalid: { value: { family: 'linear', l2: -1 }, message: 'f: root.l2: expected an L2 penalty (a number ≥ 0), got -1' },
    probes: 1,
    maxEpochs: 2000,
  },
  gbt: {
    arch: { family: 'gbt', rounds: 2, maxDepth: 2, minSamplesLeaf: 5 },
    wider: { family: 'gbt', rounds: 4, maxDepth: 2, minSamplesLeaf: 5 },
    invalid: { value: { family: 'gbt', rounds: 0, maxDepth: 2 }, message: 'f: root.rounds: expected a positive number of rounds, got 0' },
    // rounds:1, then the output.
    probes: 2,
    nodeBound: true,
  },
};

// 16 features: a flat 4×4 image for the cnn.
const data = blobData({ dim: 16, numClasses: 3, counts: [60, 30, 30] });
const settings = { maxEpochs: 2, batchSize: 16, learningRate: 0.01, patience: 2 };

test('every registered family has a contract fixture', () => {
  assert.deepEqual(Object.keys(FIXTURES).sort(), families.keys());
});

for (const key of families.keys()) {
  const family = families.get(key);
  const fixture = FIXTURES[key];

  test(`${key}: the schema round-trips a valid arch and refuses an invalid one in one line`, () => {
    const json = JSON.parse(JSON.stringify(fixture.arch)) as unknown;
    assert.deepEqual(family.schema.parse(json), fixture.arch);
    assert.deepEqual(validateArch(json, 'f'), fixture.arch);
    assert.equal(familyOf(fixture.arch), family);
    assert.equal(family.schema.safeParse(fixture.invalid.value).success, false);
    assert.throws(
      () => validateArch(fixture.invalid.value, 'f'),
      (error: unknown) => error instanceof ConfigError && error.message === fixture.invalid.message && !error.message.includes('\n'),
    );
  });

  test(`${key}: label starts with the family key; canonical form is stable`, () => {
    assert.ok(family.label(fixture.arch).startsWith(key), family.label(fixture.arch));
    if (fixture.wider) assert.notEqual(family.label(fixture.arch), family.label(fixture.wider));
    const canonical = family.canonical(fixture.arch);
    assert.deepEqual(family.canonical(canonical), canonical);
    assert.equal(family.label(canonical), family.label(fixture.arch));
  });

  test(`${key}: complexity is positive and grows with width`, () => {
    const small = family.complexity(fixture.arch, data.exampleShape, data.numClasses);
    const wide = fixture.wider ? family.complexity(fixture.wider, data.exampleShape, data.numClasses) : null;
    for (const c of wide ? [small, wide] : [small]) {
      assert.ok(c.params > 0 && c.flops > 0 && c.bytes > 0, JSON.stringify(c));
    }
    if (wide) assert.ok(wide.params > small.params && wide.flops > small.flops && wide.bytes > small.bytes);
  });

  test(`${key}: the runtime trains, probes, predicts and saves a tiny model`, async () => {
    await useWasmBackend();
    const runtime = await family.runtime();
    const result = await runtime.train(data, fixture.arch, settings, {}, 1);
    const complexity = family.complexity(fixture.arch, data.exampleShape, data.numClasses);
    // Tree families' complexity is a bound (docs on Complexity): their packed nodes fit within its bytes.
    if (fixture.nodeBound || complexity.leaves !== undefined) assert.ok(result.weights.values.length > 0 && result.weights.values.length * 4 <= complexity.bytes, JSON.stringify(complexity));
    else assert.equal(result.weights.values.length, complexity.params);
    assert.ok(result.epochs >= 1 && result.epochs <= (fixture.maxEpochs ?? settings.maxEpochs));

    const signal = await runtime.teacherSignal(data, fixture.arch, result.weights, { probeEpochs: 1, seed: 1 });
    assert.equal(signal.probes.length, fixture.probes);
    assert.equal(signal.probes.at(-1)?.layer, 'output');
    assert.equal(signal.trainLogits.length, data.train.count * data.numClasses);

    const loaded = runtime.fromWeights(fixture.arch, data.exampleShape, data.numClasses, result.weights);
    const probabilities = loaded.predictProbabilities(data.test.features, data.test.count);
    loaded.dispose();
    assertClose(probabilities, result.probabilities.test);

    const dir = mkdtempSync(join(tmpdir(), `multihop-${key}-`));
    try {
      await runtime.saveModel(fixture.arch, data.exampleShape, data.numClasses, result.weights, dir);
      const reloaded = await runtime.loadModel(dir, { exampleShape: data.exampleShape, numClasses: data.numClasses });
      assertClose(reloaded.predictProbabilities(data.test.features, data.test.count), probabilities);
      reloaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

function assertClose(actual: Float32Array, expected: Float32Array): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `value ${i}: ${actual[i]} ≠ ${expected[i]}`);
}

// Faster fitting must not change a fit: trees, forests and boosted ensembles on the embedded sets
// and on tied, weighted and soft-target rows produce exactly the packed weights (every split,
// threshold, tie-break and leaf value) and per-round history pinned in
// test/fixtures/trees/golden-fits.json, which the
// code before the fit-speed rewrite wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { digestOf, goldenCases, type GoldenDigest } from './fixtures/trees/golden-fits.js';

const golden = JSON.parse(readFileSync(new URL('../../test/fixtures/trees/golden-fits.json', import.meta.url), 'utf8')) as Record<string, GoldenDigest>;

test('tree, forest and gbt fits equal the pinned reference fits', async () => {
  const cases = await goldenCases();
  assert.deepEqual(cases.map((c) => c.name).sort(), Object.keys(golden).sort(), 'the cases are the pinned ones');
  const changed: string[] = [];
  for (const { name, fit } of cases) {
    const digest = digestOf(await fit());
    if (JSON.stringify(digest) !== JSON.stringify(golden[name])) changed.push(`${name}: ${JSON.stringify(digest)} ≠ ${JSON.stringify(golden[name])}`);
  }
  assert.deepEqual(changed, []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../src/report/index.js';
import { openStore } from '../src/store/index.js';
import { tempDir } from './fixtures/run/cli.js';

test('a run with no trained node yet still reports: no chain, empty charts, its settings', async () => {
  const dir = tempDir('report-unfinished');
  const store = openStore(join(dir, 'runs.db'));
  try {
    const run = store.createRun({
      command: ['search', '--space', 'tiny'],
      config: { dataset: 'digits', space: { name: 'tiny', source: 'tiny.json' } },
      dataset: { name: 'digits', hash: 'ab'.repeat(32) },
      split: { seed: 0, trainFraction: 0.6, validationFraction: 0.2, rootShare: 0, standardise: 'per-feature' },
      backend: 'cpu',
      strategy: 'greedy',
      methods: ['kd'],
      seeds: [0],
      workers: 1,
    });
    const html = await renderReport(store, run.id, 'html');
    assert.match(html, /No chain was selected/);
    assert.equal(html.match(/<svg/g)?.length, 3, 'all three charts are still drawn (empty)');
    assert.doesNotMatch(html, /class="mark-symbol role-mark nodes_marks"[^>]*><path/, 'no node points');
    assert.match(html, /<td>search space<\/td><td>tiny \(tiny\.json\)<\/td>/);
    const markdown = await renderReport(store, run.id, 'md');
    assert.match(markdown, /No chain was selected/);
    assert.match(markdown, /## Every node\n\n\| key \|/);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

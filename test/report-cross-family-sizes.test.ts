import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Arch } from '../src/core/index.js';
import { archLabel, complexityOf } from '../src/models/index.js';
import { renderReport, renderSummaryText, summariseRun } from '../src/report/index.js';
import { openMemoryStore } from '../src/store/index.js';
import type { ResultsStore } from '../src/store/index.js';
import { sampleHop, sampleResult, sampleRun } from './fixtures/store/store-samples.js';

const SHAPE = [30];
const CLASSES = 2;

/** A finished mixed run: gbt[r100 d3] → forest[t7 d4] → mlp[6] → tree[d3], stored as the runner stores it. */
function mixedRun(): { store: ResultsStore; runId: string } {
  const store = openMemoryStore();
  const runId = store.createRun({ ...sampleRun, seeds: [3] }).id;
  const chain: Array<[string, Arch]> = [
    ['root', { family: 'gbt', rounds: 100, maxDepth: 3 }],
    ['forest', { family: 'forest', trees: 7, maxDepth: 4 }],
    ['mlp', { family: 'mlp', hidden: [6] }],
    ['tree', { family: 'tree', maxDepth: 3 }],
  ];
  chain.forEach(([key, arch], i) => {
    const { params, flops, bytes } = complexityOf(arch, SHAPE, CLASSES);
    const parentKey = i === 0 ? null : chain[i - 1][0];
    const role = i === 0 ? 'root' : i === chain.length - 1 ? 'target' : 'intermediate';
    store.markNodeRunning(runId, sampleHop(key, parentKey, { arch, archLabel: archLabel(arch), role, complexity: { params, flops, bytes } }));
    store.recordNodeDone(runId, key, sampleResult(0.9 - i / 100));
  });
  const links = chain.map(([key, arch], i) => ({
    arch,
    archLabel: archLabel(arch),
    params: complexityOf(arch, SHAPE, CLASSES).params,
    method: i === 0 ? 'root' : 'kd',
    methodParams: {},
    nodeKeys: [key],
    meanValidation: 0.9 - i / 100,
  }));
  const stats = { mean: 0.77, std: 0, perSeed: [0.77] };
  store.setChains(runId, [
    { kind: 'multihop', method: 'kd>kd>kd', nodeKeys: chain.map(([key]) => key), validationAccuracy: 0.87, testAccuracy: 0.77, details: { validation: stats, test: stats, links } },
  ]);
  return { store, runId };
}

const NOTE = /params orders models across families: weights and biases for networks, the node count bound for trees/;

// The store keeps params, FLOPs and bytes; the reports add leaves and depth for tree families
// (a gbt's class count read back from its node count: 3,002 = 100·2·15 + 2).
test('the summary, text, Markdown and HTML reports show params, and leaves and depth for tree families', async () => {
  const { store, runId } = mixedRun();
  const summary = summariseRun(store, runId);
  assert.deepEqual(
    { params: summary.root?.params, leaves: summary.root?.leaves, depth: summary.root?.depth },
    { params: 3002, leaves: 100 * 2 * 8 + 2, depth: 3 },
  );
  const links = summary.chains[0].links.map(({ archLabel: label, params, leaves, depth }) => ({ label, params, leaves, depth }));
  assert.deepEqual(links, [
    { label: 'gbt[r100 d3]', params: 3002, leaves: 1602, depth: 3 },
    { label: 'forest[t7 d4]', params: 217, leaves: 112, depth: 4 },
    { label: 'mlp[6]', params: 200, leaves: undefined, depth: undefined },
    { label: 'tree[d3]', params: 15, leaves: 8, depth: 3 },
  ]);

  const text = renderSummaryText(summary);
  assert.match(text, /complex model: gbt\[r100 d3\] \(3,002 params · 1,602 leaves · depth 3\)/);
  assert.match(text, /gbt\[r100 d3\] \(3,002 · 1,602 leaves · depth 3\) → forest\[t7 d4\] \(217 · 112 leaves · depth 4\) → mlp\[6\] \(200\) → tree\[d3\] \(15 · 8 leaves · depth 3\)/);
  assert.match(text, /\n  3\. mlp\[6\] · 200 params · by kd/);
  assert.match(text, /\n  4\. tree\[d3\] · 15 params · 8 leaves · depth 3 · target, by kd/);
  assert.match(text, NOTE);

  const markdown = await renderReport(store, runId, 'md');
  assert.match(markdown, /\| 3 \| tree\[d3\] \| 15 · 8 leaves · depth 3 \| kd \|/, 'selected chain row');
  assert.match(markdown, /\| tree \| target \| tree\[d3\] \| 15 · 8 leaves · depth 3 \| kd \|/, 'node row');
  assert.match(markdown, /\| mlp \| intermediate \| mlp\[6\] \| 200 \| kd \|/);
  assert.match(markdown, /Complex model gbt\[r100 d3\]: 3,002 params · 1,602 leaves · depth 3,/);
  assert.match(markdown, NOTE);

  const html = await renderReport(store, runId, 'html');
  assert.match(html, /<div class="arch">forest\[t7 d4\]<\/div><div class="stat">217 params · 112 leaves · depth 4 · intermediate<\/div>/);
  assert.match(html, /<td>tree\[d3\]<\/td><td class="num">15 · 8 leaves · depth 3<\/td>/);
  assert.match(html, NOTE);
  store.close();
});

test('reports of networks only keep their plain params and add no note', async () => {
  const { store, runId } = mixedRun();
  const summary = summariseRun(store, runId);
  const networksOnly = { ...summary, root: null, chains: summary.chains.map((c) => ({ ...c, links: c.links.filter((l) => l.leaves === undefined) })) };
  const text = renderSummaryText(networksOnly);
  assert.match(text, /│ multihop │ mlp\[6\] \(200\) /);
  assert.match(text, /\n  1\. mlp\[6\] · 200 params · target, by kd/);
  assert.doesNotMatch(text, NOTE);
  store.close();
});

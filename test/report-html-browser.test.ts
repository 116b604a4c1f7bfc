import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectReportData } from '../src/report/index.js';
import { openStore } from '../src/store/index.js';
import { scratchDir, sharedRun } from './fixtures/report/shared-run.js';
import { runCli } from './fixtures/run/cli.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `chromium not installed at ${CHROMIUM} (apt-get install -y chromium; .ci/run does)`;

interface Counts {
  svgs: number;
  points: number;
  frontLines: number;
  bars: number;
  errorRules: number;
  lossLines: number;
  accuracyLines: number;
  chartWidths: number[];
  chainBoxes: number;
  tableRows: number;
}

/** Runs in the page (a string: this project compiles without the DOM types). */
const COUNT_MARKS = `(() => {
  const marks = (chart, selector) => document.querySelectorAll('#' + chart + ' svg ' + selector).length;
  return {
    svgs: document.querySelectorAll('.chart svg').length,
    points: marks('chart-complexity', 'g.nodes_marks > path'),
    frontLines: marks('chart-complexity', 'g.front_marks > path'),
    bars: marks('chart-chains', 'g.chainbars_marks > path'),
    errorRules: marks('chart-chains', 'g.chainerrors_marks > line'),
    lossLines: marks('chart-curves', 'g.curves_valLoss_marks > path'),
    accuracyLines: marks('chart-curves', 'g.curves_valAccuracy_marks > path'),
    chartWidths: Array.from(document.querySelectorAll('.chart svg')).map((svg) => svg.getBoundingClientRect().width),
    chainBoxes: document.querySelectorAll('.chain .model').length,
    tableRows: document.querySelectorAll('#nodes + table tbody tr').length,
  };
})()`;

test('the HTML report renders in headless chromium: one point per node, bars and curves drawn, no console errors, no requests', { skip }, async () => {
  const { default: puppeteer } = await import('puppeteer-core');
  const { db, runId } = sharedRun();
  const out = join(scratchDir('report-html'), 'report.html');
  const cli = runCli(['report', runId, '--db', db, '--out', out]);
  assert.equal(cli.status, 0, cli.stderr);

  const store = openStore(db, { readonly: true });
  const data = collectReportData(store, runId);
  store.close();
  const doneNodes = data.nodes.filter((n) => n.status === 'done').length;
  assert.ok(doneNodes >= 9, `the shared run trained ${doneNodes} nodes`);

  const html = readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script|<link|\ssrc=|url\((?!#)/i, 'the report loads nothing: no scripts, stylesheets, images or urls other than in-page #ids');

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });

    const counts = (await page.evaluate(COUNT_MARKS)) as Counts;
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, [pathToFileURL(out).href], 'the page requests nothing but itself');
    assert.equal(counts.svgs, 3);
    assert.ok(counts.chartWidths.every((w) => w > 200), `charts have a size: ${counts.chartWidths.join(', ')}`);
    assert.equal(counts.points, doneNodes, 'one point per trained node');
    assert.equal(counts.frontLines, 1);
    assert.equal(counts.bars, 2 * data.summary.chains.length, 'validation and test bar per chain');
    assert.equal(counts.errorRules, 2 * data.summary.chains.length);
    assert.equal(counts.lossLines, data.chain.length, 'one validation-loss curve per model of the chain');
    assert.equal(counts.accuracyLines, data.chain.length);
    assert.equal(counts.chainBoxes, data.chain.length);
    assert.equal(counts.tableRows, data.nodes.length);
  } finally {
    await browser.close();
  }
});

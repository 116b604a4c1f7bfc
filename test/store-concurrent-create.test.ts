import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tempPath } from './fixtures/store/store-samples.js';

const STORE_MODULE = new URL('../src/store/index.js', import.meta.url).href;
const PROCESSES = 6;
const ROUNDS = 4;

// Each process says 'ready', spins until the go file exists, then opens (creating and migrating)
// the same fresh database and writes a run: the opens start within microseconds of each other.
const CHILD = `
import { existsSync } from 'node:fs';
import { openStore } from ${JSON.stringify(STORE_MODULE)};
const [path, go] = process.argv.slice(1);
console.log('ready');
const tick = new Int32Array(new SharedArrayBuffer(4));
while (!existsSync(go)) Atomics.wait(tick, 0, 0, 1);
try {
  const store = openStore(path);
  store.createRun({ command: [], config: {}, dataset: { name: 'd', hash: 'h' },
    split: { seed: 1, trainFraction: 0.6, validationFraction: 0.2, rootShare: 0, standardise: 'none' },
    backend: 'wasm', strategy: 'greedy', methods: ['kd'], seeds: [1], workers: 1 });
  store.close();
} catch (error) {
  console.log('FAILED ' + error.message);
  process.exit(1);
}
`;

function startChild(path: string, go: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, path, go], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const ready = new Promise<void>((resolve) => child.stdout.on('data', () => output.includes('ready') && resolve()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output })));
  return { ready, done };
}

test('processes creating the same fresh database at the same moment all succeed', { timeout: 120_000 }, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const path = tempPath();
    const go = `${path}.go`;
    const children = Array.from({ length: PROCESSES }, () => startChild(path, go));
    await Promise.all(children.map((child) => child.ready));
    writeFileSync(go, '');
    const results = await Promise.all(children.map((child) => child.done));
    const failures = results.filter((result) => result.code !== 0).map((result) => result.output.trim());
    assert.deepEqual(failures, [], `round ${round}: ${failures.length} of ${PROCESSES} opens failed`);
  }
});

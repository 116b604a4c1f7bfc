import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// A loader hook that refuses to resolve TF.js: any module that imports it, however deeply, fails
// to load in the child process.
const REFUSE_TFJS = `
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (specifier.startsWith('@tensorflow/') || resolved.url.includes('/@tensorflow/')) {
    throw new Error('TF.js imported: ' + specifier + ' from ' + context.parentURL);
  }
  return resolved;
}`;

/** Imports `modules` (paths under dist/src) in a fresh node with TF.js refused; its exit status and stderr. */
function importWithoutTfjs(modules: string[]): { status: number | null; stderr: string } {
  const urls = modules.map((m) => new URL(`../src/${m}`, import.meta.url).href);
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(REFUSE_TFJS)}));
    for (const url of ${JSON.stringify(urls)}) await import(url);
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  return { status: child.status, stderr: child.stderr };
}

test('models, transfer and search load without TF.js', () => {
  const { status, stderr } = importWithoutTfjs(['models/index.js', 'transfer/index.js', 'search/index.js']);
  assert.equal(status, 0, stderr);
});

test('the check fails for a module that does import TF.js', () => {
  const { status, stderr } = importWithoutTfjs(['training/index.js']);
  assert.notEqual(status, 0);
  assert.match(stderr, /TF\.js imported: @tensorflow\/tfjs/);
});

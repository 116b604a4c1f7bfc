import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../src/store/index.js';
import { CLI, tempDir } from './fixtures/run/cli.js';

const FOREVER = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c';

/** The pids of running query children (sqlite-query-child.js) started for `db`. */
function queryChildren(parent: number): number[] {
  const ps = spawnSync('ps', ['-eo', 'pid,ppid,args'], { encoding: 'utf8' }).stdout;
  return ps
    .split('\n')
    .filter((line) => line.includes('sqlite-query-child'))
    .map((line) => line.trim().split(/\s+/).map(Number))
    .filter(([, ppid]) => ppid === parent || ppid === 1)
    .map(([pid]) => pid);
}

test('a multihop query killed by a signal leaves no query process running, and a tiny --timeout still stops it', async () => {
  const db = join(tempDir('query-orphan'), 'runs.db');
  openStore(db).close();
  const before = new Set(queryChildren(1));
  const cli = spawn(process.execPath, [CLI, 'query', FOREVER, '--db', db, '--timeout', '120'], { stdio: 'ignore' });
  let child: number[] = [];
  for (let i = 0; i < 200 && child.length === 0; i++) {
    await sleep(25);
    child = queryChildren(cli.pid!);
  }
  assert.equal(child.length, 1, 'the query runs in a child process');
  cli.kill('SIGKILL');
  await new Promise((resolve) => cli.once('exit', resolve));
  // The orphaned child notices its parent is gone within its watchdog's 50 ms naps.
  let alive = true;
  for (let i = 0; i < 100 && alive; i++) {
    await sleep(50);
    alive = spawnSync('kill', ['-0', String(child[0])]).status === 0;
  }
  assert.equal(alive, false, `query process ${child[0]} outlived its parent`);
  assert.deepEqual(queryChildren(1).filter((pid) => !before.has(pid)), []);

  const tiny = spawnSync(process.execPath, [CLI, 'query', FOREVER, '--db', db, '--timeout', '0.0001'], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(tiny.status, 4, `a tiny limit must still stop the query: ${tiny.stderr}`);
  assert.match(tiny.stderr, /query stopped after/);
});

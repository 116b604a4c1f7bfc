import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactQueueArgs, redactQueueUrl } from '../src/queue/index.js';
import { runCli, tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';

const PASSWORD = 'pw-Zq81x-never-shown';

test('a queue URL is shown with its credentials replaced', () => {
  assert.equal(redactQueueUrl(`redis://:${PASSWORD}@10.0.0.5:6390/2`), 'redis://***@10.0.0.5:6390/2');
  assert.equal(redactQueueUrl(`rediss://admin:${PASSWORD}@host:6380`), 'rediss://***@host:6380');
  assert.equal(redactQueueUrl('redis://127.0.0.1:6390'), 'redis://127.0.0.1:6390');
  assert.equal(redactQueueUrl(`not a url ${PASSWORD}`), '<unparseable queue url>');
  assert.deepEqual(redactQueueArgs(['search', '--queue', `redis://:${PASSWORD}@h:1`, `--queue=redis://:${PASSWORD}@h:1`]), [
    'search',
    '--queue',
    'redis://***@h:1',
    '--queue=redis://***@h:1',
  ]);
});

test('a password in --queue never reaches the output, the database or a report; a wrong one is one line without it', async () => {
  const dir = tempDir('queue-credentials');
  const db = join(dir, 'run.db');
  const redis = await startRedis({ password: PASSWORD });
  assert.ok(redis.url.includes(PASSWORD));
  const worker = await spawnWorker(redis.url);
  try {
    const search = await runCliAsync(['search', '--space', 'tiny', '--strategy', 'one-hop', '--queue', redis.url, '--jobs', '2', '--db', db]);
    assert.equal(search.status, 0, search.stderr);
    const runId = (JSON.parse(runCli(['runs', '--db', db, '--json']).stdout) as Array<{ id: string }>)[0].id;
    const report = runCli(['report', runId, '--db', db, '--format', 'md', '--out', join(dir, 'report.md')]);
    assert.equal(report.status, 0, report.stderr);
    const show = runCli(['show', runId, '--db', db, '--json']);
    assert.equal(show.status, 0, show.stderr);
    const wrong = runCli(['search', '--space', 'tiny', '--queue', redis.url.replace(PASSWORD, `${PASSWORD}-wrong`), '--db', join(dir, 'wrong.db')]);
    assert.equal(wrong.status, 7, wrong.stderr);
    assert.match(wrong.stderr, /^multihop: cannot reach Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+: WRONGPASS [^\n]*; start redis-server or fix --queue\n$/m);
    assert.ok(!existsSync(join(dir, 'wrong.db')) || runCli(['runs', '--db', join(dir, 'wrong.db'), '--json']).stdout.trim() === '[]', 'no run is recorded when the queue cannot be reached');
    const texts = [search.stdout, search.stderr, report.stdout, report.stderr, show.stdout, wrong.stdout, wrong.stderr, worker.output()];
    for (const file of readdirSync(dir)) texts.push(readFileSync(join(dir, file)).toString('latin1'));
    for (const [i, text] of texts.entries()) assert.ok(!text.includes(PASSWORD), `the password appears in text ${i}`);
    assert.ok(texts.some((text) => text.includes('redis://***@127.0.0.1')), 'the stored command keeps the redacted URL');
  } finally {
    assert.equal(await worker.stop(), 0);
    await redis.stop();
  }
});

// `rediss://`: the coordinator and a worker reach a TLS-only redis-server (a test CA made with
// openssl, trusted through NODE_EXTRA_CA_CERTS as a user would trust their own), and the run finishes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../src/report/index.js';
import { tempDir } from './fixtures/run/cli.js';
import { startRedis } from './fixtures/queue/redis-server.js';
import { runCliAsync, spawnWorker } from './fixtures/queue/workers.js';

/** A CA and a server certificate for localhost / 127.0.0.1, made with openssl. */
function certificates(dir: string): { cert: string; key: string; ca: string } {
  const run = (args: string[]) => {
    const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr || result.error}`);
  };
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=multihop-test-ca']);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost']);
  run(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '1', '-extfile', 'ext.cnf']);
  return { cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') };
}

test('a search on a TLS-only Redis (rediss://) trains its hops on a worker and finishes', async () => {
  const dir = tempDir('queue-tls');
  const tls = certificates(dir);
  // Inherited by the spawned coordinator and worker: how a user trusts a private CA in Node.
  process.env.NODE_EXTRA_CA_CERTS = tls.ca;
  const redis = await startRedis({ tls });
  assert.match(redis.url, /^rediss:\/\/localhost:\d+$/);
  const worker = await spawnWorker(redis.url);
  try {
    const result = await runCliAsync(['search', '--space', 'tiny', '--dataset', 'iris', '--seeds', '1', '--queue', redis.url, '--db', join(dir, 'run.db'), '--json']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as RunSummary).run.status, 'done');
    assert.ok(worker.trained().length > 0, worker.output());
  } finally {
    await worker.stop();
    await redis.stop();
  }
});

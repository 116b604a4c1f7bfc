/**
 * The `--queue` URL: `redis://[[user]:password@]host[:port][/db]` or `rediss://…` (TLS). It is
 * checked before anything starts, and only ever shown redacted: a password never reaches a log
 * line, the database or a report. Pure string checks: the CLI loads this without ioredis or BullMQ
 * (about 300 ms to import), which only a run on a queue needs (queue-connection.ts).
 */
import { ConfigError } from '../core/index.js';

/** The URL with its password (and user name) replaced by `***`; safe to print and store. */
export function redactQueueUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return parsed.toString();
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace('//', '//***@');
  } catch {
    // Not a URL at all: nothing of it can be shown safely, not even where a password would start.
    return '<unparseable queue url>';
  }
}

/** `argv` with the value of every `--queue` flag redacted (the run stores its command line). */
export function redactQueueArgs(argv: readonly string[]): string[] {
  return argv.map((arg, i) => {
    if (arg.startsWith('--queue=')) return `--queue=${redactQueueUrl(arg.slice('--queue='.length))}`;
    return argv[i - 1] === '--queue' ? redactQueueUrl(arg) : arg;
  });
}

/**
 * Checks a `--queue` URL's form.
 *
 * @throws ConfigError naming the flag and the redacted URL
 */
export function checkQueueUrl(url: string, flag = '--queue'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${flag} must be a URL like redis://host:6379 or rediss://:password@host:6380/0, got ${redactQueueUrl(url)}`);
  }
  const shown = redactQueueUrl(url);
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError(`${flag} must start with redis:// or rediss:// (TLS), got ${shown}`);
  }
  if (parsed.hostname === '') throw new ConfigError(`${flag} names no host: ${shown}`);
  if (parsed.pathname !== '' && parsed.pathname !== '/' && !/^\/\d+$/.test(parsed.pathname)) {
    throw new ConfigError(`${flag}: the path must be a database number (/0, /1, …), got ${shown}`);
  }
  if (parsed.search !== '' || parsed.hash !== '') throw new ConfigError(`${flag} takes no query or fragment: ${shown}`);
  return url;
}

import { InvalidArgumentError } from 'commander';
import { checkWorkerCount } from '../pool/index.js';

/** A flag value quoted for a one-line message: line breaks and other control characters escaped. */
function quoted(value: string): string {
  return `'${value.replace(/[\u0000-\u001f]/g, (ch) => JSON.stringify(ch).slice(1, -1))}'`;
}

/** Commander argument parser for a positive integer flag; the message names the flag. */
export function positiveInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${flag} must be a positive integer, got ${quoted(value)}`);
    }
    if (n > max) throw new InvalidArgumentError(`${flag} must be at most ${max}, got ${quoted(value)}`);
    return n;
  };
}

/**
 * Commander argument parser for `--workers`: a positive integer no larger than the machine's
 * bound (cores and free memory, see src/pool/worker-limit.ts), checked while the flags are parsed,
 * so before any database is opened or run created.
 */
export function workerCount(flag = '--workers') {
  const integer = positiveInt(flag);
  return (value: string): number => checkWorkerCount(integer(value), flag);
}

/** Commander argument parser for an integer >= 0. */
export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*\d+\s*$/.test(value) || !Number.isInteger(n)) throw new InvalidArgumentError(`${flag} must be an integer >= 0, got ${quoted(value)}`);
    return n;
  };
}

/** Commander argument parser for a fraction in [0, 1). */
export function fraction(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) {
      throw new InvalidArgumentError(`${flag} must be a number in [0, 1), got ${quoted(value)}`);
    }
    return n;
  };
}

/** Commander argument parser for a positive number of seconds (`--timeout 2.5`). */
export function seconds(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new InvalidArgumentError(`${flag} must be a positive number of seconds, got ${quoted(value)}`);
    }
    return n;
  };
}

/** Comma-separated list (`kd,profweight`). */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The results database: --db, else $MULTIHOP_DB, else ./multihop.db. */
export function dbPath(flag: string | undefined): string {
  return flag ?? process.env.MULTIHOP_DB ?? 'multihop.db';
}

/**
 * Replicate seeds: every hop is trained once per seed and decisions use the mean. The one place
 * that says what a seed list may be; the search-space file, the `--seeds` count and the
 * controller all check through it.
 */
import { z } from 'zod';
import { ConfigError, zodErrorMessage } from '../core/index.js';

/** Most replicate seeds a run may have (each multiplies every hop). */
export const MAX_SEEDS = 100;

/** A run's seed list: 1 to MAX_SEEDS distinct integers >= 0. */
export const seedListSchema = z
  .array(
    z
      .number({ invalid_type_error: 'expected an integer >= 0' })
      .int({ message: 'expected an integer >= 0' })
      .min(0, { message: 'expected an integer >= 0' }),
  )
  .min(1, { message: 'expected at least one seed' })
  .max(MAX_SEEDS, { message: `at most ${MAX_SEEDS} seeds (each multiplies every hop)` })
  .refine((seeds) => new Set(seeds).size === seeds.length, { message: 'expected distinct seeds' });

/** Checks a seed list the controller was given; a ConfigError names the first problem. */
export function checkSeeds(seeds: readonly number[]): void {
  const parsed = seedListSchema.safeParse(seeds);
  if (!parsed.success) {
    throw new ConfigError(zodErrorMessage(parsed.error, seeds, 'controller settings', 'seeds'));
  }
}

/** The seeds 0..count-1 of `--seeds count`; a ConfigError naming `flag` when count is out of range. */
export function seedsForCount(count: number, flag = '--seeds'): number[] {
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_SEEDS)) {
    throw new ConfigError(`${flag} must be an integer from 1 to ${MAX_SEEDS} (each seed repeats every hop), got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => i);
}

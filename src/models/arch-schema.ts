import { z } from 'zod';
import { ConfigError, quotedChoices, zodErrorMessage } from '../core/index.js';
import type { Arch } from '../core/index.js';
import { families, familyKeys } from './family-registry.js';

/** `expected 'mlp' or 'cnn'`: what an arch's `family` may be. */
function expectedFamily(): string {
  return `expected ${quotedChoices(familyKeys())}`;
}

/**
 * Any registered family's arch, checked by that family's strict schema: the `family` field is
 * read first (one of the registry's keys), then the rest of the object by its family.
 */
export const archSchema: z.ZodType<Arch, z.ZodTypeDef, unknown> = z
  .object(
    { family: z.enum(familyKeys(), { errorMap: () => ({ message: expectedFamily() }) }) },
    { errorMap: (issue, ctx) => ({ message: issue.code === z.ZodIssueCode.invalid_type ? 'expected an architecture object' : ctx.defaultError }) },
  )
  .passthrough()
  .transform((value, ctx) => {
    const parsed = families.get(value.family).schema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue(issue);
    return z.NEVER;
  });

/**
 * Validates an architecture spec read from JSON (a search-space file, a CLI flag, the store).
 *
 * @param value the parsed JSON value
 * @param where the source, used first in error messages (`space.json`)
 * @param path the JSON path of `value` inside its source (default `root`), e.g. `root.arch`
 * @throws ConfigError naming `where`, the JSON path and the offending value, e.g.
 *   `space.json: root.arch.hidden[1]: expected a positive integer, got -3`
 */
export function validateArch(value: unknown, where: string, path = 'root'): Arch {
  const parsed = archSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    zodErrorMessage(parsed.error, value, where, path, (issue) =>
      issue.path.at(-1) === 'family' ? { path: issue.path, message: expectedFamily() } : null,
    ),
  );
}

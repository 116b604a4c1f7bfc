import { z } from 'zod';
import { ConfigError } from '../core/index.js';
import type { Arch } from '../core/index.js';

const positiveInt = (what = 'a positive integer') =>
  z.number({ invalid_type_error: `expected ${what}`, required_error: `expected ${what}` })
    .int({ message: `expected ${what}` })
    .positive({ message: `expected ${what}` });

const activation = z.enum(['relu', 'tanh', 'elu', 'sigmoid'], {
  errorMap: () => ({ message: "expected one of 'relu', 'tanh', 'elu', 'sigmoid'" }),
});

const dropout = z
  .number({ invalid_type_error: 'expected a dropout rate in [0, 1)' })
  .min(0, { message: 'expected a dropout rate in [0, 1)' })
  .lt(1, { message: 'expected a dropout rate in [0, 1)' });

const mlpSchema = z
  .object({
    family: z.literal('mlp'),
    hidden: z.array(positiveInt(), {
      invalid_type_error: 'expected an array of layer widths (positive integers)',
      required_error: 'expected an array of layer widths (positive integers)',
    }),
    activation: activation.optional(),
    dropout: dropout.optional(),
  })
  .strict();

const convBlockSchema = z
  .object({
    filters: positiveInt(),
    kernel: positiveInt(),
    stride: positiveInt().optional(),
    padding: z
      .enum(['same', 'valid'], { errorMap: () => ({ message: "expected 'same' or 'valid'" }) })
      .optional(),
    pool: positiveInt().optional(),
  })
  .strict();

const cnnSchema = z
  .object({
    family: z.literal('cnn'),
    convs: z
      .array(convBlockSchema, {
        invalid_type_error: 'expected an array of conv blocks',
        required_error: 'expected an array of conv blocks',
      })
      .min(1, { message: 'expected at least one conv block' }),
    dense: z.array(positiveInt(), {
      invalid_type_error: 'expected an array of layer widths (positive integers)',
      required_error: 'expected an array of layer widths (positive integers)',
    }),
    activation: activation.optional(),
    dropout: dropout.optional(),
  })
  .strict();

const archSchema = z.discriminatedUnion('family', [mlpSchema, cnnSchema], {
  errorMap: (issue, ctx) =>
    issue.code === z.ZodIssueCode.invalid_union_discriminator
      ? { message: "expected family 'mlp' or 'cnn'" }
      : issue.code === z.ZodIssueCode.invalid_type
        ? { message: 'expected an architecture object' }
        : { message: ctx.defaultError },
});

/** Formats a zod path as `root.arch.hidden[1]`. */
function formatPath(base: string, path: Array<string | number>): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${key}`), base);
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function issueMessage(issue: z.ZodIssue, value: unknown, where: string, base: string): string {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return `${where}: ${formatPath(base, issue.path)}: unknown key ${keys}; remove it or check its spelling`;
  }
  if (issue.path.at(-1) === 'family' || issue.code === z.ZodIssueCode.invalid_union_discriminator) {
    const path = issue.path.at(-1) === 'family' ? issue.path : [...issue.path, 'family'];
    return `${where}: ${formatPath(base, path)}: expected 'mlp' or 'cnn', got ${describe(valueAt(value, path))}`;
  }
  return `${where}: ${formatPath(base, issue.path)}: ${issue.message}, got ${describe(valueAt(value, issue.path))}`;
}

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
  if (parsed.success) return parsed.data as Arch;
  const [first, ...rest] = parsed.error.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  throw new ConfigError(issueMessage(first, value, where, path) + more);
}

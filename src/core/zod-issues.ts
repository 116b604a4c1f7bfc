/**
 * One-line messages for zod validation failures: `where: json.path: what was expected, got value`.
 * Used for every JSON the user writes (search-space files, architecture specs, CLI flags).
 */
import { z } from 'zod';

/** A zod path as `root.arch.hidden[1]`, appended to `base` (`''` gives `arch.hidden[1]`). */
export function formatZodPath(path: ReadonlyArray<string | number>, base = ''): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? key : `${acc}.${key}`),
    base,
  );
}

/** The value at `path` inside `value`, as short JSON (60 characters at most), or `nothing`. */
export function describeValueAt(value: unknown, path: ReadonlyArray<string | number>): string {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return 'nothing';
    current = (current as Record<string | number, unknown>)[key];
  }
  if (current === undefined) return 'nothing';
  const json = JSON.stringify(current);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

/** `'a' or 'b'`, `'a', 'b' or 'c'`: the choices a message offers. */
export function quotedChoices(choices: readonly string[]): string {
  const quoted = choices.map((c) => `'${c}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** How a caller rewrites one kind of issue: the path to name and what was expected there. */
export type IssueRewrite = (issue: z.ZodIssue) => { path: Array<string | number>; message: string } | null;

/**
 * The message for the first issue of a failed parse, plus how many more there were:
 * `where: path: expected …, got …`, or `where: path: unknown key 'x'; remove it or check its
 * spelling`. An empty path reads `(top level)`.
 *
 * @param value the value that was parsed (the offending part is quoted from it)
 * @param base the JSON path of `value` inside its source (`root.arch`), or `''`
 * @param rewrite replaces the path and expectation of issues it recognises
 */
export function zodErrorMessage(error: z.ZodError, value: unknown, where: string, base = '', rewrite?: IssueRewrite): string {
  const [first, ...rest] = error.issues;
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
  return `${where}: ${issueDetail(first, value, base, rewrite)}${more}`;
}

function issueDetail(issue: z.ZodIssue, value: unknown, base: string, rewrite?: IssueRewrite): string {
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return `${formatZodPath(issue.path, base) || '(top level)'}: unknown key ${keys}; remove it or check its spelling`;
  }
  const { path, message } = rewrite?.(issue) ?? issue;
  return `${formatZodPath(path, base) || '(top level)'}: ${message}, got ${describeValueAt(value, path)}`;
}

/**
 * `field 'a.b.0' is invalid (message)`: the first issue of a failed parse of a file multihop
 * wrote itself (a stored config, an export's model files), where the user fixes the file by
 * regenerating it rather than by editing the value.
 */
export function invalidField(error: z.ZodError): string {
  const [first] = error.issues;
  return `field '${first.path.join('.')}' is invalid (${first.message})`;
}

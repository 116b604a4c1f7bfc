import { ConfigError, type MethodParams, type StudentScratchSignal, type TeacherSignal } from '../core/index.js';
import type { TransferContext } from './transfer-method.js';

/**
 * Reads a numeric method parameter, filling `fallback` and checking `valid`. `label` opens the
 * error: the method key in `prepare`, the config location and method key in `validateParams`.
 */
export function numberParam(
  label: string,
  params: MethodParams,
  name: string,
  fallback: number,
  valid: (value: number) => boolean,
  expected: string,
): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ConfigError(`${label} parameter '${name}' must be ${expected}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads a string method parameter that must be one of `choices`. */
export function choiceParam<T extends string>(
  label: string,
  params: MethodParams,
  name: string,
  fallback: T,
  choices: readonly T[],
): T {
  const value = params[name] ?? fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigError(
      `${label} parameter '${name}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}; got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/**
 * Builds a method's `validateParams`: rejects keys outside `known` (naming `where` and listing
 * them), then runs `resolve`, the same value checks and defaults `prepare` uses, labelled with
 * `where` so the error points at the config entry.
 */
export function paramValidator(
  method: string,
  known: readonly string[],
  resolve: (params: MethodParams, label: string) => MethodParams,
): (params: MethodParams, where: string) => MethodParams {
  const sorted = [...known].sort();
  return (params, where) => {
    for (const key of Object.keys(params)) {
      if (!sorted.includes(key)) {
        const listed = sorted.length > 0 ? sorted.join(', ') : `none (${method} takes no parameters)`;
        throw new ConfigError(`${where}: unknown parameter '${key}'; known: ${listed}`);
      }
    }
    return resolve(params, `${where}: ${method}`);
  };
}

export function requireTeacher(method: string, ctx: TransferContext): TeacherSignal {
  if (!ctx.teacher) {
    throw new ConfigError(`transfer method '${method}' needs the parent's teacher signal; none was given`);
  }
  if (ctx.teacher.probes.length === 0) {
    throw new ConfigError(`transfer method '${method}': the teacher signal has no probes (the output probe is required)`);
  }
  return ctx.teacher;
}

export function requireStudentScratch(method: string, ctx: TransferContext, why: string): StudentScratchSignal {
  if (!ctx.studentScratch) {
    throw new ConfigError(
      `transfer method '${method}' needs the student trained from scratch (${why}); train the scratch node first`,
    );
  }
  return ctx.studentScratch;
}

/** Checks that a per-example array matches the training split. */
export function checkTrainLength(method: string, what: string, length: number, ctx: TransferContext): void {
  if (length !== ctx.trainLabels.length) {
    throw new ConfigError(
      `transfer method '${method}': ${what} has ${length} entries but the training split has ${ctx.trainLabels.length}`,
    );
  }
}

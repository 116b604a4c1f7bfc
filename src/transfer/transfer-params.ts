import { ConfigError, type MethodParams, type StudentScratchSignal, type TeacherSignal } from '../core/index.js';
import type { TransferContext } from './transfer-method.js';

/** Reads a numeric method parameter, filling `fallback` and checking `valid`. */
export function numberParam(
  method: string,
  params: MethodParams,
  name: string,
  fallback: number,
  valid: (value: number) => boolean,
  expected: string,
): number {
  const value = params[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
    throw new ConfigError(`${method} parameter '${name}' must be ${expected}; got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads a string method parameter that must be one of `choices`. */
export function choiceParam<T extends string>(
  method: string,
  params: MethodParams,
  name: string,
  fallback: T,
  choices: readonly T[],
): T {
  const value = params[name] ?? fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new ConfigError(
      `${method} parameter '${name}' must be one of ${choices.map((c) => `'${c}'`).join(', ')}; got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
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

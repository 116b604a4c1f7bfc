/**
 * Transfer methods (docs/design.md §3): each turns a parent's cached teacher signal (or the parent
 * model itself) into the training inputs of a student (soft targets, per-example weights or
 * teacher-labelled extra rows), and records its conventions.
 */
import { Registry, type MethodKey } from '../core/index.js';
import { compressionMethod } from './compression.js';
import { kdMethod } from './kd.js';
import { profweightMethod } from './profweight.js';
import { scratchMethod } from './scratch.js';
import { sratioMethod } from './sratio.js';
import type { TransferMethod } from './transfer-method.js';

export type { PreparedTransfer, TeacherModel, TrainRowsView, TransferContext, TransferMethod } from './transfer-method.js';
export { munge, mungeAttributes, mungeRow, nearestNeighbours, standardNormal, type MungeAttribute, type MungeOptions, type MungeResult, type MungeRows } from './munge.js';
export { COMPRESSION_MAX_SIZE } from './compression.js';
export type { ProbeSelection, Normalisation } from './probe-selection.js';
export { KD_DEFAULT_ALPHA, KD_DEFAULT_TEMPERATURE } from './kd.js';
export { SRATIO_DEFAULT_CLIP } from './sratio.js';
export { studentScratchSignal } from './student-scratch.js';

/**
 * One entry per MethodKey (core/types.ts): the compiler refuses a key without a method or a method
 * under another key, so the type and the registry cannot drift apart.
 */
const METHODS = {
  scratch: scratchMethod,
  kd: kdMethod,
  profweight: profweightMethod,
  sratio: sratioMethod,
  compression: compressionMethod,
} satisfies Record<MethodKey, TransferMethod>;

/** Every transfer method by key: scratch, kd, profweight, sratio, compression (registration order). */
export const transferMethods: Registry<TransferMethod> = Object.entries(METHODS).reduce((registry, [key, method]) => {
  if (method.key !== key) throw new Error(`transfer method '${method.key}' is listed under '${key}'`);
  return registry.register(key, method);
}, new Registry<TransferMethod>('transfer method'));

/** The methods a user lists in `--methods` or a space's `methods`: every method but scratch, which is always measured. In registration order. */
export function transferKeys(): string[] {
  return transferMethods.keysInOrder().filter((key) => key !== 'scratch');
}

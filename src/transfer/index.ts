/**
 * Transfer methods (docs/design.md §3): each turns a parent's cached teacher signal into the training
 * inputs of a student (soft targets or per-example weights), and records its conventions.
 */
import { Registry } from '../core/index.js';
import { kdMethod } from './kd.js';
import { profweightMethod } from './profweight.js';
import { scratchMethod } from './scratch.js';
import { sratioMethod } from './sratio.js';
import type { TransferMethod } from './transfer-method.js';

export type { PreparedTransfer, TransferContext, TransferMethod } from './transfer-method.js';
export type { ProbeSelection, Normalisation } from './probe-selection.js';
export { KD_DEFAULT_ALPHA, KD_DEFAULT_TEMPERATURE } from './kd.js';
export { SRATIO_DEFAULT_CLIP } from './sratio.js';
export { studentScratchSignal } from './student-scratch.js';

/** Every transfer method by key: scratch, kd, profweight, sratio. */
export const transferMethods: Registry<TransferMethod> = new Registry<TransferMethod>('transfer method')
  .register(scratchMethod.key, scratchMethod)
  .register(kdMethod.key, kdMethod)
  .register(profweightMethod.key, profweightMethod)
  .register(sratioMethod.key, sratioMethod);

/**
 * Scratch: the student trained on the labels alone, no teacher.
 *
 *   ℓ_i = CE(y_i, softmax(z_S(x_i)))
 *
 * The baseline every chain is compared against (docs/design.md §4.1).
 */
import { paramValidator } from './transfer-params.js';
import type { TransferMethod } from './transfer-method.js';

export const scratchMethod: TransferMethod = {
  key: 'scratch',
  needsTeacher: false,
  needsStudentScratch: false,
  needsTeacherModel: false,
  defaultGrid: [{}],
  validateParams: paramValidator('scratch', [], () => ({})),
  prepare() {
    return { inputs: {}, params: {} };
  },
};

/**
 * Knowledge distillation (Hinton, Vinyals & Dean 2015, "Distilling the Knowledge in a Neural
 * Network", arXiv 1503.02531), convention: α weights the SOFT term.
 *
 *   ℓ_i = (1-α)·CE(y_i, softmax(z_S)) + α·τ²·KL(softmax(z_T/τ) ‖ softmax(z_S/τ))
 *
 * z_T are the parent's logits on the training split (the cached teacher signal). Defaults τ=4,
 * α=0.7 (docs/design.md §3.3); the default grid tries τ ∈ {2, 4} × α ∈ {0.5, 0.9} because fixed
 * defaults often end below scratch for very small students.
 */
import type { MethodParams } from '../core/index.js';
import { checkTrainLength, numberParam, paramValidator, requireTeacher } from './transfer-params.js';
import type { TransferMethod } from './transfer-method.js';

export const KD_DEFAULT_TEMPERATURE = 4;
export const KD_DEFAULT_ALPHA = 0.7;

function resolveKd(params: MethodParams, label: string): { temperature: number; alpha: number } {
  return {
    temperature: numberParam(label, params, 'temperature', KD_DEFAULT_TEMPERATURE, (t) => t > 0, 'a number > 0'),
    alpha: numberParam(label, params, 'alpha', KD_DEFAULT_ALPHA, (a) => a >= 0 && a <= 1, 'a number in [0, 1]'),
  };
}

export const kdMethod: TransferMethod = {
  key: 'kd',
  needsTeacher: true,
  needsStudentScratch: false,
  needsTeacherModel: false,
  defaultGrid: [
    { temperature: 2, alpha: 0.5 },
    { temperature: 2, alpha: 0.9 },
    { temperature: 4, alpha: 0.5 },
    { temperature: 4, alpha: 0.9 },
  ],
  validateParams: paramValidator('kd', ['temperature', 'alpha'], resolveKd),
  prepare(ctx, params) {
    const teacher = requireTeacher('kd', ctx);
    const { temperature, alpha } = resolveKd(params, 'kd');
    checkTrainLength('kd', 'the teacher logits (rows)', teacher.trainLogits.length / ctx.numClasses, ctx);
    return {
      inputs: { softTargets: { teacherLogits: teacher.trainLogits, temperature, alpha } },
      params: { temperature, alpha, convention: 'alpha-weights-soft' },
    };
  },
};

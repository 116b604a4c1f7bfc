/**
 * SRatio (Dhurandhar, Shanmugam & Luss, ICML 2020, "Enhancing Simple Models by Exploiting What
 * They Already Know").
 *
 *   c_i = mean over the kept teacher probes of p_k(y_i | x_i)
 *   s_i = max(p_S(y_i | x_i), ε)            (the student's architecture trained from scratch)
 *   w_i = c_i / s_i  if c_i / s_i ≤ β,  else 0
 *   ℓ_i = w_i · CE(y_i, softmax(z_S(x_i)))
 *
 * Examples the simple model finds hopeless relative to the teacher (large ratio) are dropped;
 * those it already knows get small weight. ε (`clip`, default 1e-3) keeps tiny s_i from blowing
 * up the ratio. Non-zero weights are normalised to mean 1 by default.
 *
 * Default grid: β ∈ {1.5, 3} × probes ∈ {output, margin α=1}; each entry costs a trained student.
 */
import { checkTrainLength, choiceParam, numberParam, requireStudentScratch, requireTeacher } from './transfer-params.js';
import { meanTrueConfidence, normaliseWeights, selectProbes, type Normalisation } from './probe-selection.js';
import type { TransferMethod } from './transfer-method.js';

export const SRATIO_DEFAULT_CLIP = 1e-3;

export const sratioMethod: TransferMethod = {
  key: 'sratio',
  needsTeacher: true,
  needsStudentScratch: true,
  defaultGrid: [
    { beta: 1.5, probeSelection: 'output' },
    { beta: 3, probeSelection: 'output' },
    { beta: 1.5, probeSelection: 'margin', margin: 1 },
    { beta: 3, probeSelection: 'margin', margin: 1 },
  ],
  prepare(ctx, params) {
    const teacher = requireTeacher('sratio', ctx);
    const scratch = requireStudentScratch('sratio', ctx, 's_i is its true-label confidence');
    const beta = numberParam('sratio', params, 'beta', 3, (b) => b > 0, 'a number > 0');
    const clip = numberParam('sratio', params, 'clip', SRATIO_DEFAULT_CLIP, (e) => e > 0 && e <= 1, 'a number in (0, 1]');
    const normalise = choiceParam<Normalisation>('sratio', params, 'normalise', 'mean-one', ['mean-one', 'none']);
    const probes = selectProbes('sratio', ctx, teacher, params, ['output', 'margin', 'top-k'], 'output');
    const count = ctx.trainLabels.length;
    checkTrainLength('sratio', "the student's scratch confidences", scratch.trainTrueConfidence.length, ctx);
    const weights = meanTrueConfidence(teacher, probes.indices, count);
    let dropped = 0;
    for (let i = 0; i < count; i++) {
      const ratio = weights[i] / Math.max(scratch.trainTrueConfidence[i], clip);
      if (ratio <= beta) {
        weights[i] = ratio;
      } else {
        weights[i] = 0;
        dropped++;
      }
    }
    normaliseWeights('sratio', weights, normalise);
    return {
      inputs: { sampleWeights: weights },
      params: { beta, ...probes.record, clip, normalise, dropped },
    };
  },
};

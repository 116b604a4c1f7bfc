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
import type { MethodParams } from '../core/index.js';
import {
  checkTrainLength,
  choiceParam,
  numberParam,
  paramValidator,
  requireStudentScratch,
  requireTeacher,
} from './transfer-params.js';
import {
  meanTrueConfidence,
  normaliseWeights,
  PROBE_PARAM_KEYS,
  resolveProbeRule,
  selectProbes,
  type Normalisation,
  type ProbeRule,
} from './probe-selection.js';
import type { TransferMethod } from './transfer-method.js';

export const SRATIO_DEFAULT_CLIP = 1e-3;

interface SratioParams {
  beta: number;
  rule: ProbeRule;
  clip: number;
  normalise: Normalisation;
}

function resolveSratio(params: MethodParams, label: string): SratioParams {
  return {
    beta: numberParam(label, params, 'beta', 3, (b) => b > 0, 'a number > 0'),
    clip: numberParam(label, params, 'clip', SRATIO_DEFAULT_CLIP, (e) => e > 0 && e <= 1, 'a number in (0, 1]'),
    normalise: choiceParam<Normalisation>(label, params, 'normalise', 'mean-one', ['mean-one', 'none']),
    rule: resolveProbeRule(label, params, ['output', 'margin', 'top-k'], 'output'),
  };
}

export const sratioMethod: TransferMethod = {
  key: 'sratio',
  needsTeacher: true,
  needsStudentScratch: true,
  needsTeacherModel: false,
  defaultGrid: [
    { beta: 1.5, probeSelection: 'output' },
    { beta: 3, probeSelection: 'output' },
    { beta: 1.5, probeSelection: 'margin', margin: 1 },
    { beta: 3, probeSelection: 'margin', margin: 1 },
  ],
  validateParams: paramValidator('sratio', ['beta', 'clip', 'normalise', ...PROBE_PARAM_KEYS], (params, label) => {
    const { beta, rule, clip, normalise } = resolveSratio(params, label);
    return { beta, ...rule, clip, normalise };
  }),
  prepare(ctx, params) {
    const teacher = requireTeacher('sratio', ctx);
    const scratch = requireStudentScratch('sratio', ctx, 's_i is its true-label confidence');
    const { beta, rule, clip, normalise } = resolveSratio(params, 'sratio');
    const probes = selectProbes('sratio', ctx, teacher, rule);
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

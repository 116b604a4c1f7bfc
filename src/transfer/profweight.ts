/**
 * ProfWeight (Dhurandhar, Shanmugam, Luss & Olsen, NeurIPS 2018, "Improving Simple Models with
 * Confidence Profiles").
 *
 *   w_i = (1/|K|) · Σ_{k∈K} p_k(y_i | x_i),   ℓ_i = w_i · CE(y_i, softmax(z_S(x_i)))
 *
 * p_k is the linear probe on the teacher's k-th representation (the teacher's own softmax is the
 * last probe); K, the kept probes, are those with validation accuracy ≥ α × the student's scratch
 * validation accuracy (`margin`), or the k deepest probes as in IBM's AIX360 (`top-k`). If no probe
 * passes the margin, the output probe alone is kept and `noProbeQualified` is recorded. Weights are
 * normalised to mean 1 by default (`normalise: 'none'` passes them raw, as the reference does).
 *
 * Default grid: margin α ∈ {0.9, 1.0} and top-2 (last hidden layer + output); each entry costs a
 * trained student per hop.
 */
import type { MethodParams } from '../core/index.js';
import { choiceParam, paramValidator, requireTeacher } from './transfer-params.js';
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

function resolveProfweight(params: MethodParams, label: string): { rule: ProbeRule; normalise: Normalisation } {
  return {
    rule: resolveProbeRule(label, params, ['margin', 'top-k'], 'margin'),
    normalise: choiceParam<Normalisation>(label, params, 'normalise', 'mean-one', ['mean-one', 'none']),
  };
}

export const profweightMethod: TransferMethod = {
  key: 'profweight',
  needsTeacher: true,
  needsStudentScratch: true,
  needsTeacherModel: false,
  defaultGrid: [
    { probeSelection: 'margin', margin: 0.9 },
    { probeSelection: 'margin', margin: 1.0 },
    { probeSelection: 'top-k', topK: 2 },
  ],
  validateParams: paramValidator('profweight', [...PROBE_PARAM_KEYS, 'normalise'], (params, label) => {
    const { rule, normalise } = resolveProfweight(params, label);
    return { ...rule, normalise };
  }),
  prepare(ctx, params) {
    const teacher = requireTeacher('profweight', ctx);
    const { rule, normalise } = resolveProfweight(params, 'profweight');
    const probes = selectProbes('profweight', ctx, teacher, rule);
    const count = ctx.trainLabels.length;
    const weights = meanTrueConfidence(teacher, probes.indices, count);
    normaliseWeights('profweight', weights, normalise);
    return { inputs: { sampleWeights: weights }, params: { ...probes.record, normalise } };
  },
};

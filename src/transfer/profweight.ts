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
import { choiceParam, requireTeacher } from './transfer-params.js';
import { meanTrueConfidence, normaliseWeights, selectProbes, type Normalisation } from './probe-selection.js';
import type { TransferMethod } from './transfer-method.js';

export const profweightMethod: TransferMethod = {
  key: 'profweight',
  needsTeacher: true,
  needsStudentScratch: true,
  defaultGrid: [
    { probeSelection: 'margin', margin: 0.9 },
    { probeSelection: 'margin', margin: 1.0 },
    { probeSelection: 'top-k', topK: 2 },
  ],
  prepare(ctx, params) {
    const teacher = requireTeacher('profweight', ctx);
    const probes = selectProbes('profweight', ctx, teacher, params, ['margin', 'top-k'], 'margin');
    const normalise = choiceParam<Normalisation>('profweight', params, 'normalise', 'mean-one', ['mean-one', 'none']);
    const count = ctx.trainLabels.length;
    const weights = meanTrueConfidence(teacher, probes.indices, count);
    normaliseWeights('profweight', weights, normalise);
    return { inputs: { sampleWeights: weights }, params: { ...probes.record, normalise } };
  },
};

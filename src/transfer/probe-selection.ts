import { DataError, type MethodParams, type TeacherSignal } from '../core/index.js';
import { choiceParam, numberParam, requireStudentScratch } from './transfer-params.js';
import type { TransferContext } from './transfer-method.js';

/**
 * Which teacher probes a weighting method averages over:
 * - `margin`: probes whose validation accuracy ≥ margin × the student's scratch validation
 *   accuracy (ProfWeight paper); if none qualifies, the output probe alone (recorded).
 * - `top-k`: the k deepest probes, the output included (the contiguous range AIX360 uses).
 * - `output`: the teacher's own output only.
 */
export type ProbeSelection = 'margin' | 'top-k' | 'output';

export interface SelectedProbes {
  /** Indices into `teacher.probes`, in layer order. */
  indices: number[];
  /** Parameters to record with the node: selection rule, its setting, kept layers. */
  record: MethodParams;
}

/** Resolves the probe-selection parameters of `params` and picks the probes. */
export function selectProbes(
  method: string,
  ctx: TransferContext,
  teacher: TeacherSignal,
  params: MethodParams,
  choices: readonly ProbeSelection[],
  fallbackSelection: ProbeSelection,
): SelectedProbes {
  const selection = choiceParam(method, params, 'probeSelection', fallbackSelection, choices);
  const last = teacher.probes.length - 1;
  let indices: number[];
  const record: MethodParams = { probeSelection: selection };
  if (selection === 'output') {
    indices = [last];
  } else if (selection === 'top-k') {
    const topK = numberParam(method, params, 'topK', 2, (k) => Number.isInteger(k) && k >= 1, 'an integer ≥ 1');
    const kept = Math.min(topK, teacher.probes.length);
    indices = Array.from({ length: kept }, (_, i) => last - kept + 1 + i);
    record.topK = topK;
  } else {
    const margin = numberParam(method, params, 'margin', 1, (m) => m > 0, 'a number > 0');
    const scratch = requireStudentScratch(method, ctx, 'the margin rule compares probes with its accuracy');
    const threshold = margin * scratch.validationAccuracy;
    indices = teacher.probes.flatMap((probe, i) => (probe.validationAccuracy >= threshold ? [i] : []));
    record.margin = margin;
    record.marginThreshold = threshold;
    record.noProbeQualified = indices.length === 0;
    if (indices.length === 0) indices = [last];
  }
  record.keptProbes = indices.map((i) => teacher.probes[i].layer).join(',');
  return { indices, record };
}

/** c_i: mean over the selected probes of each probe's true-label confidence on example i. */
export function meanTrueConfidence(teacher: TeacherSignal, indices: number[], count: number): Float32Array {
  const mean = new Float32Array(count);
  for (const p of indices) {
    const confidence = teacher.probes[p].trainTrueConfidence;
    if (confidence.length !== count) {
      throw new DataError(
        `teacher probe '${teacher.probes[p].layer}' has ${confidence.length} confidences but the training split has ${count}`,
      );
    }
    for (let i = 0; i < count; i++) mean[i] += confidence[i];
  }
  for (let i = 0; i < count; i++) mean[i] /= indices.length;
  return mean;
}

export type Normalisation = 'mean-one' | 'none';

/**
 * Scales weights in place so the non-zero ones average 1 (zero-weight examples are left out of
 * training, so the mean over the examples actually trained on is what sets the step size).
 */
export function normaliseWeights(method: string, weights: Float32Array, normalise: Normalisation): Float32Array {
  let sum = 0;
  let nonZero = 0;
  for (const w of weights) {
    if (w > 0) {
      sum += w;
      nonZero++;
    }
  }
  if (nonZero === 0) {
    throw new DataError(`transfer method '${method}' gave every training example weight 0; loosen its parameters`);
  }
  if (normalise === 'mean-one') {
    const scale = nonZero / sum;
    for (let i = 0; i < weights.length; i++) weights[i] *= scale;
  }
  return weights;
}

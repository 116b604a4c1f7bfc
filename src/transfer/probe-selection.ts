import { ConfigError, DataError, type MethodParams, type TeacherSignal } from '../core/index.js';
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

/** The resolved probe-selection parameters: the rule and its one setting. */
export type ProbeRule =
  | { probeSelection: 'output' }
  | { probeSelection: 'top-k'; topK: number }
  | { probeSelection: 'margin'; margin: number };

/** The parameter keys `resolveProbeRule` reads. */
export const PROBE_PARAM_KEYS = ['probeSelection', 'topK', 'margin'] as const;

export interface SelectedProbes {
  /** Indices into `teacher.probes`, in layer order. */
  indices: number[];
  /** Parameters to record with the node: selection rule, its setting, kept layers. */
  record: MethodParams;
}

/**
 * Resolves and checks the probe-selection parameters of `params` (pure: no teacher needed).
 * A setting given for another rule (`topK` with `margin`, …) is an error, not silently ignored.
 */
export function resolveProbeRule(
  label: string,
  params: MethodParams,
  choices: readonly ProbeSelection[],
  fallbackSelection: ProbeSelection,
): ProbeRule {
  const selection = choiceParam(label, params, 'probeSelection', fallbackSelection, choices);
  for (const [name, owner] of [['topK', 'top-k'], ['margin', 'margin']] as const) {
    if (params[name] != null && selection !== owner) {
      throw new ConfigError(
        `${label} parameter '${name}' applies only with probeSelection '${owner}'; got probeSelection '${selection}'`,
      );
    }
  }
  if (selection === 'top-k') {
    return { probeSelection: selection, topK: numberParam(label, params, 'topK', 2, (k) => Number.isInteger(k) && k >= 1, 'an integer ≥ 1') };
  }
  if (selection === 'margin') {
    return { probeSelection: selection, margin: numberParam(label, params, 'margin', 1, (m) => m > 0, 'a number > 0') };
  }
  return { probeSelection: selection };
}

/** Picks the probes a resolved `rule` keeps from the teacher. */
export function selectProbes(
  method: string,
  ctx: TransferContext,
  teacher: TeacherSignal,
  rule: ProbeRule,
): SelectedProbes {
  const last = teacher.probes.length - 1;
  let indices: number[];
  const record: MethodParams = { ...rule };
  if (rule.probeSelection === 'output') {
    indices = [last];
  } else if (rule.probeSelection === 'top-k') {
    const kept = Math.min(rule.topK, teacher.probes.length);
    indices = Array.from({ length: kept }, (_, i) => last - kept + 1 + i);
  } else {
    const scratch = requireStudentScratch(method, ctx, 'the margin rule compares probes with its accuracy');
    const threshold = rule.margin * scratch.validationAccuracy;
    indices = teacher.probes.flatMap((probe, i) => (probe.validationAccuracy >= threshold ? [i] : []));
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

/**
 * The teacher signal of a network, without loading TF.js where the addon computes it: a dense
 * teacher the fused step can run goes through teacher-signal-native.ts, every other network
 * through a TF.js layers model (teacher-signal-tfjs.ts, loaded only then).
 */
import { knownBackendName, loadTfjs } from '../backend/backend-state.js';
import type { ModelWeights, NetworkArch, PreparedData, TeacherSignal } from '../core/index.js';
import type { TeacherSignalOptions } from '../models/index.js';
import { computeMlpTeacherSignal, nativeTeacherKernels } from './teacher-signal-native.js';

/**
 * What a trained parent gives its children (docs/design.md §3.1): its logits on the TRAIN split
 * (the student's training rows, never rootTrain), and one linear probe per representation layer
 * (teacher-signal-tfjs.ts's trainLinearProbes). The teacher's own softmax is the last probe (`layer: 'output'`).
 */
export async function computeTeacherSignal(
  data: PreparedData,
  arch: NetworkArch,
  weights: ModelWeights,
  options: TeacherSignalOptions = {},
): Promise<TeacherSignal> {
  // The fused step's check needs the backend's name: TF.js's, or the one this worker planned.
  await knownBackendName();
  const native = arch.family === 'mlp' ? nativeTeacherKernels(data, arch) : null;
  if (native !== null && arch.family === 'mlp') return computeMlpTeacherSignal(native, data, arch, weights, options);
  await loadTfjs();
  const { computeTeacherSignalInTfjs } = await import('./teacher-signal-tfjs.js');
  return computeTeacherSignalInTfjs(data, arch, weights, options);
}

/**
 * A dense teacher's signal from the addon (issue 15 item 4): one native forward pass per split
 * gives every hidden layer's outputs and the logits (native/fused-mlp.h's mlp_layer_outputs), the
 * hidden layers' probes train natively on them (probe-native-training.ts), and the output probe
 * reads the logits. The same signal as teacher-signal.ts's TF.js path, which builds the teacher as
 * a layers model, within float rounding: the forward pass sums in another order.
 */
import { DataError, type MlpArch, type ModelWeights, type PreparedData, type ProbeSignal, type SplitPart, type TeacherSignal } from '../core/index.js';
import { argmaxRow } from '../fit/class-targets.js';
import { loadNativeKernels, type NativeKernels } from '../kernels/native-addon.js';
import { ARCH_DEFAULTS, type TeacherSignalOptions } from '../models/index.js';
import { ACTIVATION_CODES, fusedStepUnavailable } from './fused-mlp-step.js';
import { mlpWeightShapes } from './initial-weights.js';
import { probeCacheBytes } from './probe-cache-bound.js';
import { trainProbesNatively } from './probe-native-training.js';

/**
 * The addon when it can compute `arch`'s signal here: an mlp the fused step can run (no dropout,
 * a CPU backend, MULTIHOP_FUSED_STEP not 0), an addon with mlpLayers, and hidden outputs on the
 * train and validation rows within the probe cache's bound (probe-activation-cache.ts). Else null.
 */
export function nativeTeacherKernels(data: Pick<PreparedData, 'train' | 'validation'>, arch: MlpArch): NativeKernels | null {
  if (fusedStepUnavailable(arch) !== null) return null;
  const native = loadNativeKernels();
  if (native === null || typeof native.mlpLayers !== 'function') return null;
  const hidden = arch.hidden.reduce((sum, units) => sum + units, 0);
  const bytes = (data.train.count + data.validation.count) * hidden * Float32Array.BYTES_PER_ELEMENT;
  return bytes <= probeCacheBytes() ? native : null;
}

/** What computeTeacherSignal returns, for an mlp teacher, through `native` (see nativeTeacherKernels). */
export async function computeMlpTeacherSignal(
  native: NativeKernels,
  data: PreparedData,
  arch: MlpArch,
  weights: ModelWeights,
  options: TeacherSignalOptions = {},
): Promise<TeacherSignal> {
  const { numClasses, train, validation } = data;
  const widths = [data.exampleShape.reduce((a, b) => a * b, 1), ...arch.hidden, numClasses];
  const expected = mlpWeightShapes(widths);
  if (JSON.stringify(weights.shapes) !== JSON.stringify(expected)) {
    throw new DataError(`stored weights have shapes ${JSON.stringify(weights.shapes)} but the architecture needs ${JSON.stringify(expected)}`);
  }
  const sizes = Int32Array.from(widths);
  const activation = ACTIVATION_CODES[arch.activation ?? ARCH_DEFAULTS.activation];
  // Every layer's outputs on a split's rows: the hidden layers', then the logits.
  const outputs = (part: SplitPart): Float32Array[] => {
    const outs = widths.slice(1).map((units) => new Float32Array(part.count * units));
    if (part.count > 0) native.mlpLayers(sizes, activation, weights.values, part.features, part.count, outs);
    return outs;
  };
  const onTrain = outputs(train);
  const onValidation = outputs(validation);
  const layers = arch.hidden.map((size, i) => ({ layer: `hidden_${i}`, size }));
  const hidden =
    layers.length > 0
      ? await trainProbesNatively(native, data, { layers, train: onTrain.slice(0, -1), validation: onValidation.slice(0, -1) }, options)
      : [];
  const trainLogits = onTrain[onTrain.length - 1];
  const trueConfidence = new Float32Array(train.count);
  for (let i = 0; i < train.count; i++) trueConfidence[i] = softmaxAt(trainLogits, i, numClasses, train.labels[i]);
  const logits = onValidation[onValidation.length - 1];
  let correct = 0;
  // The first largest logit (as tf.argMax). TF.js takes the argmax of the softmax, which can round two
  // logits a float step apart to equal probabilities and pick the first: a near-tie may so differ.
  for (let i = 0; i < validation.count; i++) if (argmaxRow(logits, i * numClasses, numClasses) === validation.labels[i]) correct++;
  const output: ProbeSignal = {
    layer: 'output',
    validationAccuracy: validation.count > 0 ? correct / validation.count : Number.NaN,
    trainTrueConfidence: trueConfidence,
  };
  return { trainLogits, probes: [...hidden, output] };
}

/**
 * softmax(row `i` of `logits`)[c] in float32 steps, as the wasm backend's softmax: exp(z − max) / Σ
 * (the cpu backend sums in float64; the difference is within a float's last bits).
 */
function softmaxAt(logits: Float32Array, i: number, classes: number, c: number): number {
  const row = i * classes;
  let top = logits[row];
  for (let k = 1; k < classes; k++) top = Math.max(top, logits[row + k]);
  let sum = 0;
  for (let k = 0; k < classes; k++) sum = Math.fround(sum + Math.fround(Math.exp(Math.fround(logits[row + k] - top))));
  return Math.fround(Math.fround(Math.exp(Math.fround(logits[row + c] - top))) / sum);
}

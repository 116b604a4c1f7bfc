import * as tf from '../backend/tfjs.js';
import { createRng, deriveSeed, type NetworkArch, type ModelWeights, type PreparedData, type ProbeSignal, type TeacherSignal } from '../core/index.js';
import type { TeacherSignalOptions } from '../models/index.js';
import { modelFromWeights } from './model-weights.js';
import { representationLayers } from './network-builder.js';
import { PREDICT_BATCH } from './predict.js';
import { cacheProbeActivations, cachedActivationSource, probeCacheBytes } from './probe-activation-cache.js';
import { nativeProbeKernels, trainProbesNatively } from './probe-native-training.js';

interface Probe {
  layer: string;
  kernel: tf.Variable;
  bias: tf.Variable;
}

/**
 * The hidden representations a set of linear probes reads: a network's layers, or the named
 * outputs of a user's own model (src/teachers). Every tensor returned is the caller's to own
 * until the probes dispose it.
 */
export interface ProbeActivations {
  /** Each probed representation and its width per row (flattened), in probe order. */
  layers: Array<{ layer: string; size: number }>;
  /** The activations of every probed layer, in order, on the train-split rows `index`. */
  trainBatch(index: tf.Tensor1D): tf.Tensor[];
  /** The activations of every probed layer, in order, on rows [start, end) of a split. */
  rows(split: 'train' | 'validation', start: number, end: number): tf.Tensor[];
}

/**
 * One linear softmax-regression probe per representation of `source` (docs/design.md §3.1): the
 * representation frozen, trained on the train split with Adam from zeros in seeded batch order,
 * each with its validation accuracy and its probability of the true label on every training row.
 * All probes train together; their losses are independent, so summing them gives each probe
 * exactly its own gradient. When the activations fit the bound of probe-activation-cache.ts they are
 * computed once and the probes train on them natively (probe-native-training.ts), or in TF.js when
 * the fused step cannot run; otherwise TF.js recomputes them for every batch.
 */
export async function trainLinearProbes(
  data: Pick<PreparedData, 'train' | 'validation' | 'numClasses'>,
  source: ProbeActivations,
  options: TeacherSignalOptions = {},
): Promise<ProbeSignal[]> {
  if (source.layers.length === 0) return [];
  const cache = cacheProbeActivations(data, source, probeCacheBytes());
  if (cache === null) return trainProbesInTfjs(data, source, options);
  const native = nativeProbeKernels();
  if (native !== null) return trainProbesNatively(native, data, cache, options);
  const cached = cachedActivationSource(cache, data.train.count);
  try {
    return await trainProbesInTfjs(data, cached, options);
  } finally {
    cached.dispose();
  }
}

/** The probes of {@link trainLinearProbes} trained by TF.js ops on the activations `source` gives per batch. */
async function trainProbesInTfjs(
  data: Pick<PreparedData, 'train' | 'validation' | 'numClasses'>,
  source: ProbeActivations,
  options: TeacherSignalOptions,
): Promise<ProbeSignal[]> {
  const probeEpochs = options.probeEpochs ?? 10;
  const batchSize = options.batchSize ?? 128;
  const { numClasses, train, validation } = data;
  const probes: Probe[] = source.layers.map(({ layer, size }) => ({ layer, kernel: zeroVariable([size, numClasses]), bias: zeroVariable([numClasses]) }));
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const probeLogits = (probe: Probe, activation: tf.Tensor): tf.Tensor2D =>
    tf.add(tf.matMul(tf.reshape(activation, [activation.shape[0], -1]), probe.kernel), probe.bias) as tf.Tensor2D;
  const probabilitiesOf = (activations: tf.Tensor[]) => probes.map((probe, p) => tf.softmax(probeLogits(probe, activations[p])));
  try {
    const y = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(train.labels, 'int32'), numClasses), 'float32'));
    const rng = createRng(deriveSeed(options.seed ?? 0, 'probes'));
    const order = Int32Array.from({ length: train.count }, (_, i) => i);
    const variables = probes.flatMap((p) => [p.kernel, p.bias]);
    for (let epoch = 0; epoch < probeEpochs; epoch++) {
      rng.shuffle(order);
      for (let start = 0; start < train.count; start += batchSize) {
        const index = tf.tensor1d(order.subarray(start, Math.min(train.count, start + batchSize)), 'int32');
        const activations = source.trainBatch(index);
        const labels = tf.gather(y, index);
        optimizer.minimize(
          () => tf.addN(probes.map((probe, p) => tf.losses.softmaxCrossEntropy(labels, probeLogits(probe, activations[p])))) as tf.Scalar,
          false,
          variables,
        );
        tf.dispose([index, labels, ...activations]);
      }
      // Let other work on the event loop (progress, interrupts) run between epochs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    y.dispose();

    const trueConfidence = probes.map(() => new Float32Array(train.count));
    for (let start = 0; start < train.count; start += PREDICT_BATCH) {
      const end = Math.min(train.count, start + PREDICT_BATCH);
      const probabilities = tf.tidy(() => probabilitiesOf(source.rows('train', start, end)));
      probabilities.forEach((p, k) => {
        const values = p.dataSync();
        for (let i = start; i < end; i++) trueConfidence[k][i] = values[(i - start) * numClasses + train.labels[i]];
      });
      tf.dispose(probabilities);
    }
    const correct = new Array<number>(probes.length).fill(0);
    for (let start = 0; start < validation.count; start += PREDICT_BATCH) {
      const end = Math.min(validation.count, start + PREDICT_BATCH);
      const predictions = tf.tidy(() => probabilitiesOf(source.rows('validation', start, end)).map((p) => tf.argMax(p, -1)));
      predictions.forEach((prediction, k) => {
        const values = prediction.dataSync();
        for (let i = start; i < end; i++) if (values[i - start] === validation.labels[i]) correct[k]++;
      });
      tf.dispose(predictions);
    }
    return probes.map(({ layer }, k) => ({
      layer,
      validationAccuracy: validation.count > 0 ? correct[k] / validation.count : Number.NaN,
      trainTrueConfidence: trueConfidence[k],
    }));
  } finally {
    optimizer.dispose();
    tf.dispose(probes.flatMap((p) => [p.kernel, p.bias]));
  }
}

/** computeTeacherSignal (teacher-signal.ts) through a TF.js layers model of the teacher, whatever its family. */
export async function computeTeacherSignalInTfjs(
  data: PreparedData,
  arch: NetworkArch,
  weights: ModelWeights,
  options: TeacherSignalOptions = {},
): Promise<TeacherSignal> {
  const numClasses = data.numClasses;
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const train = data.train;
  const teacher = modelFromWeights(arch, data.exampleShape, numClasses, weights);
  const layers = representationLayers(teacher);
  const outputs = [...layers.map((name) => teacher.getLayer(name).output as tf.SymbolicTensor), teacher.outputs[0]];
  const multi = tf.model({ inputs: teacher.inputs, outputs });
  // Activations of every probed layer, then the teacher's logits (last).
  const activationsOf = (x: tf.Tensor): tf.Tensor[] => {
    const out = multi.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
    return Array.isArray(out) ? out : [out];
  };
  const forward = (features: Float32Array, start: number, end: number): tf.Tensor[] =>
    activationsOf(tf.tensor2d(features.subarray(start * width, end * width), [end - start, width]));
  const x = layers.length > 0 ? tf.tensor2d(train.features, [train.count, width]) : null;
  try {
    const hidden = await trainLinearProbes(
      data,
      {
        layers: layers.map((layer) => ({ layer, size: (teacher.getLayer(layer).outputShape as number[]).slice(1).reduce((a, b) => a * b, 1) })),
        trainBatch: (index) => tf.tidy(() => activationsOf(tf.gather(x!, index)).slice(0, layers.length)),
        rows: (split, start, end) => tf.tidy(() => forward(data[split].features, start, end).slice(0, layers.length)),
      },
      options,
    );

    const trainLogits = new Float32Array(train.count * numClasses);
    const trueConfidence = new Float32Array(train.count);
    for (let start = 0; start < train.count; start += PREDICT_BATCH) {
      const end = Math.min(train.count, start + PREDICT_BATCH);
      const [logits, probabilities] = tf.tidy(() => {
        const teacherLogits = forward(train.features, start, end)[layers.length];
        return [teacherLogits, tf.softmax(teacherLogits)];
      });
      trainLogits.set(logits.dataSync() as Float32Array, start * numClasses);
      const values = probabilities.dataSync();
      for (let i = start; i < end; i++) trueConfidence[i] = values[(i - start) * numClasses + train.labels[i]];
      tf.dispose([logits, probabilities]);
    }
    let correct = 0;
    const validation = data.validation;
    for (let start = 0; start < validation.count; start += PREDICT_BATCH) {
      const end = Math.min(validation.count, start + PREDICT_BATCH);
      const prediction = tf.tidy(() => tf.argMax(tf.softmax(forward(validation.features, start, end)[layers.length]), -1));
      const values = prediction.dataSync();
      for (let i = start; i < end; i++) if (values[i - start] === validation.labels[i]) correct++;
      prediction.dispose();
    }
    const output: ProbeSignal = {
      layer: 'output',
      validationAccuracy: validation.count > 0 ? correct / validation.count : Number.NaN,
      trainTrueConfidence: trueConfidence,
    };
    return { trainLogits, probes: [...hidden, output] };
  } finally {
    x?.dispose();
    teacher.dispose();
  }
}

/** A trainable variable of zeros (the initial tensor is released; the variable keeps its data). */
function zeroVariable(shape: number[]): tf.Variable {
  const zeros = tf.zeros(shape);
  const variable = tf.variable(zeros, true);
  zeros.dispose();
  return variable;
}

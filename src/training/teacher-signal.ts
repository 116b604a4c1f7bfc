import * as tf from '@tensorflow/tfjs';
import { createRng, deriveSeed, type NetworkArch, type ModelWeights, type PreparedData, type ProbeSignal, type TeacherSignal } from '../core/index.js';
import type { TeacherSignalOptions } from '../models/index.js';
import { modelFromWeights } from './model-weights.js';
import { representationLayers } from './network-builder.js';
import { PREDICT_BATCH } from './predict.js';

interface Probe {
  layer: string;
  kernel: tf.Variable;
  bias: tf.Variable;
}

/**
 * What a trained parent gives its children (docs/design.md §3.1): its logits on the TRAIN split
 * (the student's training rows, never rootTrain), and one linear softmax-regression probe per
 * representation layer (teacher frozen, trained on train-split activations with Adam, zero init,
 * seeded batch order), each with its validation accuracy and its probability of the true label on
 * every training example. The teacher's own softmax is the last probe (`layer: 'output'`).
 *
 * All probes train together from one multi-output forward pass per batch; their losses are
 * independent, so summing them gives each probe exactly its own gradient.
 */
export async function computeTeacherSignal(
  data: PreparedData,
  arch: NetworkArch,
  weights: ModelWeights,
  options: TeacherSignalOptions = {},
): Promise<TeacherSignal> {
  const probeEpochs = options.probeEpochs ?? 10;
  const batchSize = options.batchSize ?? 128;
  const numClasses = data.numClasses;
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const train = data.train;
  const teacher = modelFromWeights(arch, data.exampleShape, numClasses, weights);
  const layers = representationLayers(teacher);
  const outputs = [...layers.map((name) => teacher.getLayer(name).output as tf.SymbolicTensor), teacher.outputs[0]];
  const multi = tf.model({ inputs: teacher.inputs, outputs });
  const probes: Probe[] = layers.map((layer) => {
    const shape = teacher.getLayer(layer).outputShape as number[];
    const size = shape.slice(1).reduce((a, b) => a * b, 1);
    return { layer, kernel: zeroVariable([size, numClasses]), bias: zeroVariable([numClasses]) };
  });
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const probeLogits = (probe: Probe, activation: tf.Tensor): tf.Tensor2D =>
    tf.add(tf.matMul(tf.reshape(activation, [activation.shape[0], -1]), probe.kernel), probe.bias) as tf.Tensor2D;
  // Activations of every probed layer, then the teacher's logits (last).
  const activationsOf = (x: tf.Tensor): tf.Tensor[] => {
    const out = multi.apply(x, { training: false }) as tf.Tensor | tf.Tensor[];
    return Array.isArray(out) ? out : [out];
  };
  const forward = (features: Float32Array, start: number, end: number): tf.Tensor[] =>
    activationsOf(tf.tensor2d(features.subarray(start * width, end * width), [end - start, width]));

  try {
    if (probes.length > 0) {
      const x = tf.tensor2d(train.features, [train.count, width]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), numClasses).toFloat());
      const rng = createRng(deriveSeed(options.seed ?? 0, 'probes'));
      const order = Int32Array.from({ length: train.count }, (_, i) => i);
      const variables = probes.flatMap((p) => [p.kernel, p.bias]);
      for (let epoch = 0; epoch < probeEpochs; epoch++) {
        rng.shuffle(order);
        for (let start = 0; start < train.count; start += batchSize) {
          const index = tf.tensor1d(order.subarray(start, Math.min(train.count, start + batchSize)), 'int32');
          const activations = tf.tidy(() => activationsOf(tf.gather(x, index)));
          const labels = tf.gather(y, index);
          optimizer.minimize(
            () =>
              tf.addN(
                probes.map((probe, p) => tf.losses.softmaxCrossEntropy(labels, probeLogits(probe, activations[p]))),
              ) as tf.Scalar,
            false,
            variables,
          );
          tf.dispose([index, labels, ...activations]);
        }
        // Let other work on the event loop (progress, interrupts) run between epochs.
        await new Promise((resolve) => setImmediate(resolve));
      }
      tf.dispose([x, y]);
    }

    const trainLogits = new Float32Array(train.count * numClasses);
    const trueConfidence = outputs.map(() => new Float32Array(train.count));
    for (let start = 0; start < train.count; start += PREDICT_BATCH) {
      const end = Math.min(train.count, start + PREDICT_BATCH);
      const [logits, ...probabilities] = tf.tidy(() => {
        const activations = forward(train.features, start, end);
        const teacherLogits = activations[probes.length];
        return [teacherLogits, ...probeProbabilities(probes, activations, probeLogits)];
      });
      trainLogits.set(logits.dataSync() as Float32Array, start * numClasses);
      probabilities.forEach((p, k) => {
        const values = p.dataSync();
        for (let i = start; i < end; i++) trueConfidence[k][i] = values[(i - start) * numClasses + train.labels[i]];
      });
      tf.dispose([logits, ...probabilities]);
    }

    const correct = new Array<number>(outputs.length).fill(0);
    const validation = data.validation;
    for (let start = 0; start < validation.count; start += PREDICT_BATCH) {
      const end = Math.min(validation.count, start + PREDICT_BATCH);
      const predictions = tf.tidy(() => {
        const activations = forward(validation.features, start, end);
        return probeProbabilities(probes, activations, probeLogits).map((p) => tf.argMax(p, -1));
      });
      predictions.forEach((prediction, k) => {
        const values = prediction.dataSync();
        for (let i = start; i < end; i++) if (values[i - start] === validation.labels[i]) correct[k]++;
      });
      tf.dispose(predictions);
    }

    const names = [...layers, 'output'];
    const signalProbes: ProbeSignal[] = names.map((layer, k) => ({
      layer,
      validationAccuracy: validation.count > 0 ? correct[k] / validation.count : Number.NaN,
      trainTrueConfidence: trueConfidence[k],
    }));
    return { trainLogits, probes: signalProbes };
  } finally {
    optimizer.dispose();
    tf.dispose(probes.flatMap((p) => [p.kernel, p.bias]));
    teacher.dispose();
  }
}

/** softmax of every probe's logits, then of the teacher's own logits (last). */
function probeProbabilities(
  probes: Probe[],
  activations: tf.Tensor[],
  probeLogits: (probe: Probe, activation: tf.Tensor) => tf.Tensor2D,
): tf.Tensor[] {
  return [...probes.map((probe, p) => tf.softmax(probeLogits(probe, activations[p]))), tf.softmax(activations[probes.length])];
}

/** A trainable variable of zeros (the initial tensor is released; the variable keeps its data). */
function zeroVariable(shape: number[]): tf.Variable {
  const zeros = tf.zeros(shape);
  const variable = tf.variable(zeros, true);
  zeros.dispose();
  return variable;
}

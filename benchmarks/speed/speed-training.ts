/**
 * Training throughput of one workload on the active TF.js backend, two ways: the product's
 * `trainNode` (shuffled gathered batches, per-epoch validation, final evaluation included), and
 * a minimal Adam loop over pre-built batches that does what the PyTorch reference does.
 */
import * as tf from '@tensorflow/tfjs';
import type { Arch, PreparedData, SplitPart } from '../../src/core/index.js';
import { fastAdam } from '../../src/kernels/index.js';
import { trainNode } from '../../src/training/index.js';
import { buildSpeedModel, type SpeedWorkload } from './speed-workloads.js';

export interface TrainingSpeed {
  name: string;
  params: number;
  steps: number;
  samplesPerSec: number | null;
  msPerStep: number | null;
  /** Set when training could not run (e.g. a kernel the backend lacks). */
  error?: string;
  /** Tensors alive after the run minus before: must be 0. */
  leakedTensors: number;
}

/**
 * Trains `workload` for about `seconds` (after 3 warm-up steps) and reports samples/s. The
 * optimizer is src/kernels' fastAdam: TF.js's Adam, with its fused native step when the addon
 * is built.
 */
export function measureTraining(workload: SpeedWorkload, seconds: number): TrainingSpeed {
  const before = tf.memory().numTensors;
  const model = buildSpeedModel(workload);
  const params = model.countParams();
  const optimizer = fastAdam(1e-3);
  const shape = workload.kind === 'mlp' ? [workload.batch, workload.inputs] : [workload.batch, 28, 28, 1];
  const batches = Array.from({ length: 8 }, (_, i) => ({
    x: tf.randomNormal(shape, 0, 1, 'float32', i + 1),
    y: tf.oneHot(tf.randomUniform([workload.batch], 0, workload.classes, 'int32', i + 101), workload.classes),
  }));
  const step = (i: number): void => {
    const { x, y } = batches[i % batches.length];
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
      true,
    );
    // Reading the loss each step is what a real loop pays (and forces the step to finish).
    loss?.dataSync();
    loss?.dispose();
  };
  let result: TrainingSpeed;
  try {
    for (let i = 0; i < 3; i++) step(i);
    let steps = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < seconds * 1000 || steps < 5) {
      step(steps);
      steps++;
      elapsed = performance.now() - start;
    }
    result = {
      name: workload.name, params, steps,
      samplesPerSec: (steps * workload.batch * 1000) / elapsed,
      msPerStep: elapsed / steps,
      leakedTensors: 0,
    };
  } catch (error) {
    result = {
      name: workload.name, params, steps: 0, samplesPerSec: null, msPerStep: null,
      error: (error as Error).message.split('\n')[0], leakedTensors: 0,
    };
  }
  for (const b of batches) tf.dispose([b.x, b.y]);
  optimizer.dispose();
  model.dispose();
  result.leakedTensors = tf.memory().numTensors - before;
  return result;
}

function speedArch(workload: SpeedWorkload): Arch {
  return workload.kind === 'mlp'
    ? { family: 'mlp', hidden: workload.hidden, activation: 'relu' }
    : { family: 'cnn', convs: [{ filters: 32, kernel: 3, pool: 2 }, { filters: 64, kernel: 3, pool: 2 }], dense: [128], activation: 'relu' };
}

function randomPart(count: number, width: number, classes: number, seed: number): SplitPart {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return {
    features: Float32Array.from({ length: count * width }, () => 2 * next() - 1),
    labels: Int32Array.from({ length: count }, () => Math.floor(next() * classes)),
    count,
  };
}

function speedData(workload: SpeedWorkload, trainRows: number): PreparedData {
  const evalRows = Math.max(workload.batch, Math.round(trainRows / 16));
  return {
    name: `speed ${workload.name}`,
    hash: 'speed',
    exampleShape: workload.kind === 'mlp' ? [workload.inputs] : [28, 28, 1],
    numClasses: workload.classes,
    classNames: Array.from({ length: workload.classes }, (_, i) => `c${i}`),
    featureNames: Array.from({ length: workload.inputs }, (_, i) => `f${i}`),
    train: randomPart(trainRows, workload.inputs, workload.classes, 1),
    validation: randomPart(evalRows, workload.inputs, workload.classes, 2),
    test: randomPart(evalRows, workload.inputs, workload.classes, 3),
    standardisation: null,
    split: { seed: 0, trainFraction: 0.8, validationFraction: 0.1, rootShare: 0, standardise: 'none' },
  };
}

const TRAIN_NODE_EPOCHS = 3;

/**
 * Throughput of `trainNode` (3 epochs, validation every epoch, final train/validation/test
 * evaluation, all inside the timing): training rows × epochs / wall time. The row count is sized
 * from a probe run so the measured run takes about `seconds`.
 */
export async function measureTrainNode(workload: SpeedWorkload, seconds: number): Promise<TrainingSpeed> {
  const before = tf.memory().numTensors;
  const arch = speedArch(workload);
  const settings = (epochs: number) => ({ maxEpochs: epochs, batchSize: workload.batch, learningRate: 1e-3, patience: epochs + 1 });
  let result: TrainingSpeed;
  try {
    const probeRows = workload.batch * 8;
    await trainNode(speedData(workload, probeRows), arch, settings(1), {}, 1);
    const probe = await trainNode(speedData(workload, probeRows), arch, settings(1), {}, 1);
    const rowsPerMs = probeRows / probe.wallMs;
    const batches = Math.max(8, Math.round((rowsPerMs * seconds * 1000) / TRAIN_NODE_EPOCHS / workload.batch));
    const rows = batches * workload.batch;
    const run = await trainNode(speedData(workload, rows), arch, settings(TRAIN_NODE_EPOCHS), {}, 1);
    result = {
      name: workload.name, params: 0, steps: batches * run.epochs,
      samplesPerSec: (rows * run.epochs * 1000) / run.wallMs,
      msPerStep: run.wallMs / (batches * run.epochs),
      leakedTensors: 0,
    };
    result.params = run.weights.values.length;
  } catch (error) {
    result = {
      name: workload.name, params: 0, steps: 0, samplesPerSec: null, msPerStep: null,
      error: (error as Error).message.split('\n')[0], leakedTensors: 0,
    };
  }
  result.leakedTensors = tf.memory().numTensors - before;
  return result;
}

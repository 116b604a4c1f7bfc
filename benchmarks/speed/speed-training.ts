/**
 * Training throughput of one workload on the active TF.js backend, two ways: the product's
 * `trainNode` (shuffled gathered batches, per-epoch validation, final evaluation included), and
 * a minimal Adam loop over pre-built batches that does what the PyTorch reference does.
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkArch as Arch, PreparedData, SplitPart } from '../../src/core/index.js';
import { fastAdam } from '../../src/kernels/index.js';
import { trainNode } from '../../src/training/index.js';
import { buildSpeedModel, type SpeedWorkload } from './speed-workloads.js';

export interface TrainingSpeed {
  name: string;
  params: number;
  steps: number;
  samplesPerSec: number | null;
  msPerStep: number | null;
  /**
   * Samples per second of this process's CPU time (all its threads) over the best window: what
   * the code costs when other processes take the cores away (trainNode only).
   */
  samplesPerCpuSec?: number | null;
  /** Set when training could not run (e.g. a kernel the backend lacks). */
  error?: string;
  /** Tensors alive after the run minus before: must be 0. */
  leakedTensors: number;
}

/** Shortest window a step rate is read over: about one scheduler time slice. */
export const WINDOW_MS = 10;

/**
 * Runs `step` for one window (≥ WINDOW_MS and ≥ 3 steps) and returns its ms per step. Rates are
 * the best window's: on a machine shared with other processes a window the process had the core
 * for measures the code, a window spent waiting measures the neighbours.
 */
function bestWindow(step: () => void): number {
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < WINDOW_MS || steps < 3) {
    step();
    steps++;
  }
  return (performance.now() - start) / steps;
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
    let bestMsPerStep = Infinity;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000 || bestMsPerStep === Infinity) {
      const window = bestWindow(() => step(steps++));
      bestMsPerStep = Math.min(bestMsPerStep, window);
    }
    result = {
      name: workload.name, params, steps,
      samplesPerSec: (workload.batch * 1000) / bestMsPerStep,
      msPerStep: bestMsPerStep,
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

/** Short epochs keep each timed window near a scheduler slice (validation adds about one batch). */
const BATCHES_PER_EPOCH = 4;

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

/**
 * Throughput of `trainNode` on epochs of 4 batches: the best window of consecutive epochs lasting
 * at least WINDOW_MS (like the loops' windows: a fused-step epoch can take well under a
 * millisecond), read between onEpoch calls, so each epoch's shuffling, batch gathering and
 * validation pass are inside the figure (the final train/validation/test evaluation is not).
 */
export async function measureTrainNode(workload: SpeedWorkload, seconds: number): Promise<TrainingSpeed> {
  const before = tf.memory().numTensors;
  const arch = speedArch(workload);
  const rows = BATCHES_PER_EPOCH * workload.batch;
  const data = speedData(workload, rows);
  const settings = (epochs: number) => ({ maxEpochs: epochs, batchSize: workload.batch, learningRate: 1e-3, patience: epochs + 1 });
  let result: TrainingSpeed;
  try {
    let first = 0;
    let last = 0;
    await trainNode(data, arch, settings(5), {}, 1, {
      onEpoch: (record) => {
        if (record.epoch === 1) first = performance.now();
        last = performance.now();
      },
    });
    const epochMs = Math.max((last - first) / 4, 1e-3);
    const epochs = Math.max(3, Math.min(200_000, Math.round((seconds * 1000) / epochMs)));
    let windowStart = 0;
    let windowCpu = process.cpuUsage();
    let windowEpochs = 0;
    let bestEpochMs = Infinity;
    let bestCpuEpochMs = Infinity;
    const run = await trainNode(data, arch, settings(epochs), {}, 1, {
      onEpoch: () => {
        const now = performance.now();
        if (windowStart > 0) windowEpochs++;
        if (windowStart > 0 && now - windowStart >= WINDOW_MS) {
          const cpu = process.cpuUsage(windowCpu);
          bestEpochMs = Math.min(bestEpochMs, (now - windowStart) / windowEpochs);
          bestCpuEpochMs = Math.min(bestCpuEpochMs, (cpu.user + cpu.system) / 1000 / windowEpochs);
        }
        if (windowStart === 0 || now - windowStart >= WINDOW_MS) {
          windowStart = now;
          windowCpu = process.cpuUsage();
          windowEpochs = 0;
        }
      },
    });
    // A run shorter than one window: its whole length.
    if (bestEpochMs === Infinity) bestEpochMs = windowEpochs > 0 ? (performance.now() - windowStart) / windowEpochs : epochMs;
    result = {
      name: workload.name, params: run.weights.values.length, steps: BATCHES_PER_EPOCH * run.epochs,
      samplesPerSec: (rows * 1000) / bestEpochMs,
      samplesPerCpuSec: bestCpuEpochMs > 0 && Number.isFinite(bestCpuEpochMs) ? (rows * 1000) / bestCpuEpochMs : null,
      msPerStep: bestEpochMs / BATCHES_PER_EPOCH,
      leakedTensors: 0,
    };
  } catch (error) {
    result = {
      name: workload.name, params: 0, steps: 0, samplesPerSec: null, msPerStep: null,
      error: (error as Error).message.split('\n')[0], leakedTensors: 0,
    };
  }
  result.leakedTensors = tf.memory().numTensors - before;
  return result;
}

/**
 * Training throughput of one workload on the active TF.js backend: a minimal Adam loop over
 * pre-built batches (optimizer.minimize on softmax cross-entropy), timed after warm-up.
 * TODO(lead): switch to src/training's trainNode once it lands, so the figure is the product's.
 */
import * as tf from '@tensorflow/tfjs';
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

/** Trains `workload` for about `seconds` (after 3 warm-up steps) and reports samples/s. */
export function measureTraining(workload: SpeedWorkload, seconds: number): TrainingSpeed {
  const before = tf.memory().numTensors;
  const model = buildSpeedModel(workload);
  const params = model.countParams();
  const optimizer = tf.train.adam(1e-3);
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

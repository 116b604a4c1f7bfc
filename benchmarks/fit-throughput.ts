/**
 * Training throughput of `model.fit` on the chosen TF.js backend, for the two reference models of
 * issue 2: MLP 784-256-128-10 (batch 128) and the 2-conv CNN
 * conv32k3 → pool2 → conv64k3 → pool2 → dense128 → 10 on 28×28×1 (batch 64), on random data.
 *
 *   node dist/benchmarks/fit-throughput.js [--backend wasm|cpu|tensorflow] [--steps 8] [--repeats 5]
 *
 * Prints samples/s per model: the best and the median of `repeats` timed epochs after one
 * warm-up (the best is the figure least disturbed by other processes). On wasm the CNN runs twice,
 * interleaved: with multihop's kernels, and with TF.js's stock Conv2DBackpropInput and MaxPoolGrad
 * put back (the stock build has no Conv2DBackpropFilter, so ours stays in both).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { NetworkArch as Arch } from '../src/core/index.js';
import { describeBackend, initBackend } from '../src/backend/index.js';
import { buildModel } from '../src/training/index.js';

interface Workload {
  label: string;
  arch: Arch;
  batchSize: number;
}

const MLP: Workload = { label: 'mlp 784-256-128-10', arch: { family: 'mlp', hidden: [256, 128] }, batchSize: 128 };
const CNN: Workload = {
  label: 'cnn c32k3p2-c64k3p2|d128',
  arch: { family: 'cnn', convs: [{ filters: 32, kernel: 3, pool: 2 }, { filters: 64, kernel: 3, pool: 2 }], dense: [128] },
  batchSize: 64,
};

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

// Captured before initBackend replaces them (importing the wasm package registers its kernels).
const STOCK = ['Conv2DBackpropInput', 'MaxPoolGrad'].map((name) => tf.getKernel(name, 'wasm')).filter((k) => k !== undefined);

/** Registers `configs` over what is registered now; returns what they replaced. */
function swapKernels(configs: tf.KernelConfig[]): tf.KernelConfig[] {
  return configs.map((config) => {
    const previous = tf.getKernel(config.kernelName, config.backendName);
    tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
    return previous;
  });
}

/** A model, its data and a one-epoch fit; call dispose() when done. */
async function prepare(workload: Workload, steps: number) {
  const count = workload.batchSize * steps;
  const model = buildModel(workload.arch, [784], 10, 1);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: tf.losses.softmaxCrossEntropy });
  const x = tf.randomNormal([count, 784], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([count], 0, 10, 'int32', 2), 10).toFloat());
  const epoch = async (): Promise<number> => {
    const start = performance.now();
    await model.fit(x, y, { epochs: 1, batchSize: workload.batchSize, shuffle: false, verbose: 0 });
    return performance.now() - start;
  };
  await epoch();
  return { count, epoch, dispose: () => (tf.dispose([x, y]), model.dispose()) };
}

function report(label: string, count: number, steps: number, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const rate = (ms: number) => Math.round((count / ms) * 1000);
  const median = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `${label.padEnd(40)} best ${String(rate(sorted[0])).padStart(5)} samples/s (${(sorted[0] / steps).toFixed(1)} ms/step), ` +
      `median ${rate(median)} samples/s`,
  );
}

const info = await initBackend(flag('backend', ''), { quiet: true });
const steps = Number(flag('steps', '8'));
const repeats = Number(flag('repeats', '5'));
console.log(`backend ${describeBackend(info)}; ${steps} steps per epoch, ${repeats} timed epochs`);

const mlp = await prepare(MLP, steps);
const mlpTimes: number[] = [];
for (let i = 0; i < repeats; i++) mlpTimes.push(await mlp.epoch());
report(`${MLP.label} batch ${MLP.batchSize}`, mlp.count, steps, mlpTimes);
mlp.dispose();

const cnn = await prepare(CNN, steps);
const ours: number[] = [];
const stock: number[] = [];
const compare = info.name === 'wasm' && STOCK.length > 0;
// The stock kernels were replaced before the backend started, so their setup never ran.
if (compare) for (const k of STOCK) k.setupFunc?.(tf.backend());
for (let i = 0; i < repeats; i++) {
  ours.push(await cnn.epoch());
  if (compare) {
    const mine = swapKernels(STOCK);
    stock.push(await cnn.epoch());
    swapKernels(mine);
  }
}
report(`${CNN.label} batch ${CNN.batchSize}`, cnn.count, steps, ours);
if (compare) report(`  same, stock ${STOCK.map((k) => k.kernelName).join(' + ')}`, cnn.count, steps, stock);
cnn.dispose();

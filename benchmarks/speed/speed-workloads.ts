/**
 * The five training workloads of issue 6 and the kernel shapes they run, shared by our side
 * (speed-training.ts, speed-kernels.ts) and the PyTorch reference (pytorch-reference.py gets
 * them as JSON, so both sides always train the same models).
 */
import * as tf from '@tensorflow/tfjs';

export interface SpeedWorkload {
  name: string;
  kind: 'mlp' | 'cnn';
  /** Flattened input features (784 for the CNN's 28×28×1 images). */
  inputs: number;
  /** Hidden widths (MLP only). */
  hidden: number[];
  classes: number;
  batch: number;
}

export const SPEED_WORKLOADS: SpeedWorkload[] = [
  { name: 'tabular MLP 30-64-32-2, batch 32', kind: 'mlp', inputs: 30, hidden: [64, 32], classes: 2, batch: 32 },
  { name: 'MLP 784-256-128-10, batch 32', kind: 'mlp', inputs: 784, hidden: [256, 128], classes: 10, batch: 32 },
  { name: 'MLP 784-256-128-10, batch 128', kind: 'mlp', inputs: 784, hidden: [256, 128], classes: 10, batch: 128 },
  { name: 'MLP 784-256-128-10, batch 512', kind: 'mlp', inputs: 784, hidden: [256, 128], classes: 10, batch: 512 },
  { name: '2-conv Fashion-MNIST CNN (225k params), batch 64', kind: 'cnn', inputs: 784, hidden: [], classes: 10, batch: 64 },
];

/** The same model as pytorch-reference.py builds (ReLU everywhere, valid 3×3 convs, 2×2 pools). */
export function buildSpeedModel(workload: SpeedWorkload): tf.LayersModel {
  const model = tf.sequential();
  if (workload.kind === 'mlp') {
    workload.hidden.forEach((units, i) =>
      model.add(tf.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [workload.inputs] } : {}) })),
    );
    model.add(tf.layers.dense({ units: workload.classes, ...(workload.hidden.length === 0 ? { inputShape: [workload.inputs] } : {}) }));
    return model;
  }
  model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
  model.add(tf.layers.dense({ units: workload.classes }));
  return model;
}

/** One GEMM as a training step runs it: C[m×n] = op(A)·op(B) with inner dimension k. */
export interface GemmShape {
  label: string;
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  /** Forward Dense layers run _FusedMatMul (bias + ReLU); gradients run BatchMatMul. */
  fused: boolean;
}

/** One conv as a training step runs it (NHWC, valid padding, stride 1). */
export interface ConvShape {
  label: string;
  kernel: 'Conv2D' | 'FusedConv2D' | 'Conv2DBackpropInput' | 'Conv2DBackpropFilter';
  input: [number, number, number, number];
  filter: [number, number, number, number];
}

export const GEMM_SHAPES: GemmShape[] = [
  { label: 'MLP b128 fwd 128×784·784×256 (+bias, relu)', m: 128, k: 784, n: 256, transposeA: false, transposeB: false, fused: true },
  { label: 'MLP b128 dW1 (784×128)ᵀ… transposeA', m: 784, k: 128, n: 256, transposeA: true, transposeB: false, fused: false },
  { label: 'MLP b128 dX2 128×128·(256×128)ᵀ transposeB', m: 128, k: 128, n: 256, transposeA: false, transposeB: true, fused: false },
  { label: 'MLP b128 dW2 transposeA 256×128·128×128', m: 256, k: 128, n: 128, transposeA: true, transposeB: false, fused: false },
  { label: 'MLP b32 fwd 32×784·784×256 (+bias, relu)', m: 32, k: 784, n: 256, transposeA: false, transposeB: false, fused: true },
  { label: 'MLP b32 dW1 transposeA 784×32·32×256', m: 784, k: 32, n: 256, transposeA: true, transposeB: false, fused: false },
  { label: 'MLP b512 fwd 512×784·784×256 (+bias, relu)', m: 512, k: 784, n: 256, transposeA: false, transposeB: false, fused: true },
  { label: 'MLP b512 dW1 transposeA 784×512·512×256', m: 784, k: 512, n: 256, transposeA: true, transposeB: false, fused: false },
  { label: 'CNN b64 dense fwd 64×1600·1600×128 (+bias, relu)', m: 64, k: 1600, n: 128, transposeA: false, transposeB: false, fused: true },
  { label: 'CNN b64 dense dW transposeA 1600×64·64×128', m: 1600, k: 64, n: 128, transposeA: true, transposeB: false, fused: false },
];

/** The square product used as the instruction set's ceiling. */
// Short calls (about 1 ms) so a busy machine preempts few of them; not a power of two, whose
// leading dimensions alias in the caches.
export const PEAK_GEMM: GemmShape = {
  label: 'peak: square 480×480·480×480', m: 480, k: 480, n: 480, transposeA: false, transposeB: false, fused: false,
};

export const CONV_SHAPES: ConvShape[] = [
  { label: 'CNN conv1 fwd 64×28×28×1 * 3×3×1×32', kernel: 'FusedConv2D', input: [64, 28, 28, 1], filter: [3, 3, 1, 32] },
  { label: 'CNN conv2 fwd 64×13×13×32 * 3×3×32×64', kernel: 'FusedConv2D', input: [64, 13, 13, 32], filter: [3, 3, 32, 64] },
  { label: 'CNN conv2 dX (BackpropInput)', kernel: 'Conv2DBackpropInput', input: [64, 13, 13, 32], filter: [3, 3, 32, 64] },
  { label: 'CNN conv2 dW (BackpropFilter)', kernel: 'Conv2DBackpropFilter', input: [64, 13, 13, 32], filter: [3, 3, 32, 64] },
  { label: 'CNN conv1 dW (BackpropFilter)', kernel: 'Conv2DBackpropFilter', input: [64, 28, 28, 1], filter: [3, 3, 1, 32] },
];

/**
 * GFLOP/s of the matmul and conv kernels on the shapes training runs, through the same kernel
 * dispatch a training step uses (engine.runKernel), so a registered fast kernel is what is timed.
 */
import * as tf from '@tensorflow/tfjs';
import type { ConvShape, GemmShape } from './speed-workloads.js';

export interface KernelSpeed {
  label: string;
  kernel: string;
  gflops: number;
  msPerCall: number;
  error?: string;
}

type Attrs = Record<string, unknown>;

function run(kernel: string, inputs: Record<string, tf.Tensor>, attrs: Attrs): tf.Tensor {
  return tf.engine().runKernel(kernel, inputs as unknown as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
}

// Best rate over short batches of calls: on a shared machine, other processes' time slices then
// lower only some batches instead of every figure.
function timeCalls(call: () => tf.Tensor, flops: number, minMs: number): { gflops: number; msPerCall: number } {
  for (let i = 0; i < 2; i++) {
    const out = call();
    out.dataSync();
    out.dispose();
  }
  let best = Infinity;
  const start = performance.now();
  while (performance.now() - start < minMs || best === Infinity) {
    let calls = 0;
    const batchStart = performance.now();
    // No read-back per call: the wasm backend runs a kernel synchronously inside runKernel, and
    // a training step never reads these outputs; copying a 64×26×26×32 output out of the WASM heap
    // (dataSync) took 2.5 ms, five times the conv that produced it.
    while (performance.now() - batchStart < 20 || calls < 2) {
      call().dispose();
      calls++;
    }
    best = Math.min(best, (performance.now() - batchStart) / calls);
  }
  return { gflops: flops / (best * 1e6), msPerCall: best };
}

/** Times one GEMM shape (BatchMatMul, or _FusedMatMul with bias + ReLU when `shape.fused`). */
export function measureGemm(shape: GemmShape, minMs = 300): KernelSpeed {
  const kernel = shape.fused ? '_FusedMatMul' : 'BatchMatMul';
  const aShape = shape.transposeA ? [1, shape.k, shape.m] : [1, shape.m, shape.k];
  const bShape = shape.transposeB ? [1, shape.n, shape.k] : [1, shape.k, shape.n];
  const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
  const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
  const bias = tf.randomNormal([shape.n], 0, 1, 'float32', 3);
  const inputs: Record<string, tf.Tensor> = shape.fused ? { a, b, bias } : { a, b };
  const attrs: Attrs = { transposeA: shape.transposeA, transposeB: shape.transposeB, ...(shape.fused ? { activation: 'relu' } : {}) };
  try {
    return { label: shape.label, kernel, ...timeCalls(() => run(kernel, inputs, attrs), 2 * shape.m * shape.k * shape.n, minMs) };
  } catch (error) {
    return { label: shape.label, kernel, gflops: 0, msPerCall: 0, error: (error as Error).message.split('\n')[0] };
  } finally {
    tf.dispose([a, b, bias]);
  }
}

/** Times one conv kernel (valid padding, stride 1, NHWC). */
export function measureConv(shape: ConvShape, minMs = 300): KernelSpeed {
  const [n, h, w, cin] = shape.input;
  const [kh, kw, , cout] = shape.filter;
  const oh = h - kh + 1;
  const ow = w - kw + 1;
  const flops = 2 * n * oh * ow * kh * kw * cin * cout;
  const x = tf.randomNormal(shape.input, 0, 1, 'float32', 1);
  const filter = tf.randomNormal(shape.filter, 0, 1, 'float32', 2);
  const dy = tf.randomNormal([n, oh, ow, cout], 0, 1, 'float32', 3);
  const bias = tf.randomNormal([cout], 0, 1, 'float32', 4);
  const common = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
  let call: () => tf.Tensor;
  switch (shape.kernel) {
    case 'Conv2D':
      call = () => run('Conv2D', { x, filter }, common);
      break;
    case 'FusedConv2D':
      call = () => run('FusedConv2D', { x, filter, bias }, { ...common, activation: 'relu' });
      break;
    case 'Conv2DBackpropInput':
      call = () => run('Conv2DBackpropInput', { dy, filter }, { ...common, inputShape: shape.input });
      break;
    case 'Conv2DBackpropFilter':
      call = () => run('Conv2DBackpropFilter', { x, dy }, { ...common, filterShape: shape.filter });
      break;
  }
  try {
    return { label: shape.label, kernel: shape.kernel, ...timeCalls(call, flops, minMs) };
  } catch (error) {
    return { label: shape.label, kernel: shape.kernel, gflops: 0, msPerCall: 0, error: (error as Error).message.split('\n')[0] };
  } finally {
    tf.dispose([x, filter, dy, bias]);
  }
}

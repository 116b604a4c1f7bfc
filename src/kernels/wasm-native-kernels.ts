/**
 * TF.js kernels for the WASM backend that run on the native addon, reading and writing the
 * tensors in place in the WASM heap: BatchMatMul and _FusedMatMul (any transpose flags, batch
 * dims with one side broadcast), Conv2D / FusedConv2D / Conv2DBackpropInput /
 * Conv2DBackpropFilter (NHWC, any stride, dilation and padding), MaxPoolGrad (NHWC), Sum over
 * leading axes (float32). Cases they do not cover
 * (other dtypes, prelu, NCHW, general batch broadcasting) go to the kernel they replaced.
 */
import type { backend_util } from '@tensorflow/tfjs';
import * as tf from '../backend/tfjs.js';
import type { NativeKernels } from './native-addon.js';

/** The part of tfjs-backend-wasm's BackendWasm these kernels use. */
interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

type Fallback = tf.KernelFunc | null;

const ACTIVATIONS: Record<string, number> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5 };

function offset(backend: WasmBackend, t: tf.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

function size(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Bias the native epilogue can add: rank 1 with one value per output channel, or a single value. */
function nativeBias(bias: tf.TensorInfo | undefined, channels: number): boolean {
  return bias === undefined || (bias.dtype === 'float32' && bias.shape.length <= 1 && [1, channels].includes(size(bias.shape)));
}

function fallbackOrThrow(fallback: Fallback, kernel: string, why: string, args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo | tf.TensorInfo[] {
  if (fallback === null) throw new Error(`${kernel} on wasm (multihop native kernels): ${why} is not supported and TF.js has no kernel to fall back to`);
  return fallback(args);
}

function matmulKernel(native: NativeKernels, fused: boolean, fallback: Fallback): tf.KernelFunc {
  const name = fused ? '_FusedMatMul' : 'BatchMatMul';
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };
    if (a === undefined || b === undefined) throw new Error(`${name}: inputs a and b are required`);
    const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
    const aRank = a.shape.length;
    const bRank = b.shape.length;
    const m = attrs.transposeA ? a.shape[aRank - 1] : a.shape[aRank - 2];
    const k = attrs.transposeA ? a.shape[aRank - 2] : a.shape[aRank - 1];
    const kB = attrs.transposeB ? b.shape[bRank - 1] : b.shape[bRank - 2];
    const n = attrs.transposeB ? b.shape[bRank - 2] : b.shape[bRank - 1];
    const batchA = size(a.shape.slice(0, -2));
    const batchB = size(b.shape.slice(0, -2));
    if (k !== kB) {
      throw new Error(`${name}: inner dimensions ${k} (a ${JSON.stringify(a.shape)}) and ${kB} (b ${JSON.stringify(b.shape)}) must match`);
    }
    const supported =
      a.dtype === 'float32' && b.dtype === 'float32' && activation !== undefined && preluActivationWeights === undefined &&
      nativeBias(bias, n) && (batchA === batchB || batchA === 1 || batchB === 1);
    if (!supported) return fallbackOrThrow(fallback, name, 'this dtype/activation/bias/broadcast', args);
    const outerDims = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const batch = Math.max(batchA, batchB);
    const out = backend.makeOutput([...outerDims, m, n], 'float32');
    native.matmul(
      backend.wasm.HEAPU8.buffer as ArrayBuffer, batch, attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0, m, n, k,
      offset(backend, a), batchA === 1 ? 0 : m * k, offset(backend, b), batchB === 1 ? 0 : k * n, offset(backend, out),
      bias === undefined ? -1 : offset(backend, bias), bias === undefined ? 0 : size(bias.shape), activation,
      attrs.leakyreluAlpha ?? 0.2,
    );
    return out;
  };
}

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape?: [number, number, number, number];
  filterShape?: [number, number, number, number];
  activation?: string;
  leakyreluAlpha?: number;
}

const enum ConvMode { Forward = 0, BackpropInput = 1, BackpropFilter = 2 }

function convKernel(native: NativeKernels, mode: ConvMode, kernelName: string, fallback: Fallback): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const inputs = args.inputs as Record<string, tf.TensorInfo | undefined>;
    const attrs = args.attrs as unknown as ConvAttrs;
    const [first, second] =
      mode === ConvMode.Forward ? [inputs.x, inputs.filter] : mode === ConvMode.BackpropInput ? [inputs.dy, inputs.filter] : [inputs.x, inputs.dy];
    if (first === undefined || second === undefined) throw new Error(`${kernelName}: missing input tensors`);
    const xShape = mode === ConvMode.BackpropInput ? attrs.inputShape : (first.shape as [number, number, number, number]);
    const filterShape = mode === ConvMode.BackpropFilter ? attrs.filterShape : (second.shape as [number, number, number, number]);
    if (xShape === undefined || filterShape === undefined) throw new Error(`${kernelName}: missing inputShape/filterShape attribute`);
    const info = tf.backend_util.computeConv2DInfo(
      xShape, filterShape, attrs.strides, mode === ConvMode.Forward ? (attrs.dilations ?? 1) : 1, attrs.pad,
      attrs.dimRoundingMode, false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? 'NHWC'),
    );
    const activation = ACTIVATIONS[attrs.activation ?? 'linear'];
    const bias = inputs.bias;
    const supported =
      info.dataFormat === 'channelsLast' && first.dtype === 'float32' && second.dtype === 'float32' &&
      activation !== undefined && inputs.preluActivationWeights === undefined && nativeBias(bias, info.outChannels) &&
      info.inChannels === filterShape[2];
    if (!supported) return fallbackOrThrow(fallback, kernelName, 'this data format/dtype/activation/bias', args);
    const outShape = mode === ConvMode.Forward ? info.outShape : mode === ConvMode.BackpropInput ? xShape : filterShape;
    const out = backend.makeOutput([...outShape], 'float32');
    native.conv(
      mode, backend.wasm.HEAPU8.buffer as ArrayBuffer, offset(backend, first), offset(backend, second), offset(backend, out),
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth,
      info.padInfo.top, info.padInfo.left, bias === undefined ? -1 : offset(backend, bias), bias === undefined ? 0 : size(bias.shape),
      activation, attrs.leakyreluAlpha ?? 0.2,
    );
    return out;
  };
}

interface PoolAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function maxPoolGradKernel(native: NativeKernels, fallback: Fallback): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { dy, input } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad: inputs dy and input are required');
    if (dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) {
      return fallbackOrThrow(fallback, 'MaxPoolGrad', 'this dtype/rank', args);
    }
    const attrs = args.attrs as unknown as PoolAttrs;
    const info = tf.backend_util.computePool2DInfo(
      input.shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode,
    );
    const dx = backend.makeOutput([...input.shape], 'float32');
    native.maxPoolGrad(
      backend.wasm.HEAPU8.buffer as ArrayBuffer, offset(backend, input), offset(backend, dy), offset(backend, dx),
      info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left,
    );
    return dx;
  };
}

/**
 * Sum over leading axes (a bias gradient: every axis but the channels). TF.js's wasm Sum first
 * transposes them innermost, which took 3-7 ms of a CNN step; the native kernel adds the rows of
 * the [rows × channels] matrix in place. Other axes and dtypes go to the stock kernel.
 */
function sumKernel(native: NativeKernels, fallback: Fallback): tf.KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as WasmBackend;
    const { x } = args.inputs as Record<string, tf.TensorInfo | undefined>;
    if (x === undefined) throw new Error('Sum: input x is required');
    const attrs = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
    if (x.dtype !== 'float32' || !leading) return fallbackOrThrow(fallback, 'Sum', 'this dtype/axis', args);
    const kept = x.shape.slice(axes.length);
    const out = backend.makeOutput(attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    const cols = size(kept);
    if (cols === 0) return out;
    // No rows: the sum is zeros (stock wasm's Sum leaves the output unwritten here).
    if (size(x.shape) === 0) {
      new Float32Array(backend.wasm.HEAPU8.buffer as ArrayBuffer, offset(backend, out), cols).fill(0);
      return out;
    }
    native.sumRows(backend.wasm.HEAPU8.buffer as ArrayBuffer, offset(backend, x), offset(backend, out), size(x.shape) / cols, cols);
    return out;
  };
}

/** Kernel configs for the wasm backend, each falling back to the kernel it replaces. */
export function wasmNativeKernelConfigs(native: NativeKernels): tf.KernelConfig[] {
  const make = (kernelName: string, build: (fallback: Fallback) => tf.KernelFunc): tf.KernelConfig => {
    const replaced = tf.getKernel(kernelName, 'wasm');
    return {
      kernelName,
      backendName: 'wasm',
      // Registered before the backend starts, the replaced kernel's setup must still run for the fallback.
      setupFunc: replaced?.setupFunc,
      kernelFunc: build(replaced?.kernelFunc ?? null),
    };
  };
  return [
    make('BatchMatMul', (f) => matmulKernel(native, false, f)),
    make('_FusedMatMul', (f) => matmulKernel(native, true, f)),
    make('Conv2D', (f) => convKernel(native, ConvMode.Forward, 'Conv2D', f)),
    make('FusedConv2D', (f) => convKernel(native, ConvMode.Forward, 'FusedConv2D', f)),
    make('Conv2DBackpropInput', (f) => convKernel(native, ConvMode.BackpropInput, 'Conv2DBackpropInput', f)),
    make('Conv2DBackpropFilter', (f) => convKernel(native, ConvMode.BackpropFilter, 'Conv2DBackpropFilter', f)),
    make('MaxPoolGrad', (f) => maxPoolGradKernel(native, f)),
    make('Sum', (f) => sumKernel(native, f)),
  ];
}

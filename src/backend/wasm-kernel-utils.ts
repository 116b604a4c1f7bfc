/**
 * What multihop's WASM kernels share: the slice of BackendWasm they touch, calling the backend's
 * own kernels on TensorInfos, and the im2col walk over convolution patches.
 */
import type { backend_util } from '@tensorflow/tfjs';
import * as tf from './tfjs.js';

export type DataId = object;
export type TensorInfo = { dataId: DataId; shape: number[]; dtype: tf.DataType };

/** The few BackendWasm methods these kernels need (the package does not export its kernels). */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId): boolean;
}

/** Arguments TF.js passes to a kernelFunc. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}

/** Window attributes TF.js passes to conv and pool gradient kernels. */
export interface WindowAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** Attributes of Conv2DBackpropFilter / Conv2DBackpropInput. */
export interface ConvGradAttrs extends WindowAttrs {
  dataFormat: 'NHWC' | 'NCHW';
}

/** The convolution's geometry (no dilations: TF.js's conv gradients take none). */
export function convInfoOf(xShape: number[], filterShape: number[], attrs: ConvGradAttrs): backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
}

/** Runs the wasm backend's kernel `name` directly (no engine bookkeeping: dispose outputs yourself). */
export function runWasmKernel(name: string, backend: WasmBackendLike, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  const out = tf.getKernel(name, 'wasm').kernelFunc({
    inputs: inputs as unknown as tf.NamedTensorInfoMap,
    backend: backend as unknown as tf.KernelBackend,
    attrs: attrs as tf.NamedAttrMap,
  });
  return out as unknown as TensorInfo;
}

/** A view of `info`'s data under another shape of the same size (no copy, no reference taken). */
export function viewAs(info: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Plain matrix product a[m,k]·b[k,n] on the wasm backend (its transposed paths are much slower). */
export function matMul(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo): TensorInfo {
  return runWasmKernel('BatchMatMul', backend, { a, b }, { transposeA: false, transposeB: false });
}

/** Swaps the two axes of a matrix on the wasm backend. */
export function transposeMatrix(backend: WasmBackendLike, m: TensorInfo, rows: number, cols: number): TensorInfo {
  return runWasmKernel('Transpose', backend, { x: viewAs(m, [rows, cols]) }, { perm: [1, 0] });
}

/**
 * Walks the im2col matrix of a convolution's input: rows (b, oy, ox), columns (kh, kw, ci), row
 * major. For each (row, kh, kw) it calls `inside(col, x, xChannelStride)` with the offset of the
 * first of `inChannels` consecutive cells in cols and of the matching x element, or
 * `outside(col)` where the patch reads the zero padding.
 */
export function walkPatches(
  info: backend_util.Conv2DInfo,
  inside: (col: number, x: number, xChannelStride: number) => void,
  outside: (col: number) => void,
): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const xBatch = inHeight * inWidth * inChannels;
  const [xRow, xCol, xChannel] =
    info.dataFormat === 'channelsLast' ? [inWidth * inChannels, inChannels, 1] : [inWidth, 1, inHeight * inWidth];
  let col = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const xr = oy * strideHeight - top + kh;
          const rowInside = xr >= 0 && xr < inHeight;
          for (let kw = 0; kw < filterWidth; kw++, col += inChannels) {
            const xc = ox * strideWidth - left + kw;
            if (rowInside && xc >= 0 && xc < inWidth) inside(col, b * xBatch + xr * xRow + xc * xCol, xChannel);
            else outside(col);
          }
        }
      }
    }
  }
}

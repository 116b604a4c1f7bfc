/**
 * Conv2DBackpropFilter for the WASM backend, which TF.js 4.22 does not ship (fitting any CNN on
 * wasm throws "Kernel 'Conv2DBackpropFilter' not registered").
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oy, ox} x[b, oy·sh − padTop + kh, ox·sw − padLeft + kw, ci] · dy[b, oy, ox, co]
 *
 * (out-of-range x reads are the zero padding). Written as im2col + one matrix product:
 * cols[(b, oy, ox), (kh, kw, ci)] gathered in JS straight from the WASM heap, then
 * dW = (dyᵀ · cols)ᵀ on the backend's XNNPACK BatchMatMul and Transpose kernels, read as
 * [kh, kw, ci, co] (the order of cols' columns is exactly the filter layout). Semantics (pad, dimRoundingMode,
 * dataFormat, no dilations) follow tfjs-backend-cpu's Conv2DBackpropFilter.
 */
import * as tf from '@tensorflow/tfjs';

type DataId = object;
type TensorInfo = { dataId: DataId; shape: number[]; dtype: tf.DataType };

/** The few BackendWasm methods this kernel needs (the package does not export its kernels). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: DataId): boolean;
}

interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function runKernel(name: string, backend: WasmBackendLike, inputs: Record<string, TensorInfo>, attrs: object): TensorInfo {
  const out = tf.getKernel(name, 'wasm').kernelFunc({
    inputs: inputs as unknown as tf.NamedTensorInfoMap,
    backend: backend as unknown as tf.KernelBackend,
    attrs: attrs as tf.NamedAttrMap,
  });
  return out as unknown as TensorInfo;
}

function conv2DBackpropFilterWasm(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
}): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as unknown as TensorInfo;
  const dy = args.inputs.dy as unknown as TensorInfo;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = args.attrs as unknown as BackpropFilterAttrs;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const channelsLast = info.dataFormat === 'channelsLast';

  const rows = batchSize * outHeight * outWidth;
  const patch = filterHeight * filterWidth * inChannels;
  const cols = backend.makeOutput([rows, patch], 'float32');
  // Heap views are taken after every allocation: growing WASM memory detaches older views.
  const colsValues = backend.typedArrayFromHeap(cols) as Float32Array;
  const xValues = backend.typedArrayFromHeap(x) as Float32Array;
  const xBatch = inHeight * inWidth * inChannels;
  const [xRow, xCol, xChannel] = channelsLast
    ? [inWidth * inChannels, inChannels, 1]
    : [inWidth, 1, inHeight * inWidth];

  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    const xb = b * xBatch;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        for (let kh = 0; kh < filterHeight; kh++) {
          const xr = oy * strideHeight - top + kh;
          const rowInside = xr >= 0 && xr < inHeight;
          for (let kw = 0; kw < filterWidth; kw++) {
            const xc = ox * strideWidth - left + kw;
            if (rowInside && xc >= 0 && xc < inWidth) {
              let xi = xb + xr * xRow + xc * xCol;
              for (let ci = 0; ci < inChannels; ci++, xi += xChannel) colsValues[o++] = xValues[xi];
            } else {
              colsValues.fill(0, o, o + inChannels);
              o += inChannels;
            }
          }
        }
      }
    }
  }

  // dyᵀ as [outChannels, rows]; NCHW dy [b, co, oy, ox] only needs its first two axes swapped.
  const dyView: TensorInfo = channelsLast
    ? { dataId: dy.dataId, shape: [rows, outChannels], dtype: 'float32' }
    : { dataId: dy.dataId, shape: dy.shape, dtype: 'float32' };
  const dyT = runKernel('Transpose', backend, { x: dyView }, { perm: channelsLast ? [1, 0] : [1, 0, 2, 3] });
  const dyTMatrix: TensorInfo = { dataId: dyT.dataId, shape: [outChannels, rows], dtype: 'float32' };
  // dWᵀ = dyᵀ · cols, then one small transpose: XNNPACK's matmul with transposeA is ~10× slower.
  const productT = runKernel('BatchMatMul', backend, { a: dyTMatrix, b: cols }, { transposeA: false, transposeB: false });
  backend.disposeData(cols.dataId);
  backend.disposeData(dyT.dataId);
  const productTMatrix: TensorInfo = { dataId: productT.dataId, shape: [outChannels, patch], dtype: 'float32' };
  const product = runKernel('Transpose', backend, { x: productTMatrix }, { perm: [1, 0] });
  backend.disposeData(productT.dataId);
  return { dataId: product.dataId, shape: [...filterShape], dtype: 'float32' };
}

/** Kernel config for `tf.registerKernel`. */
export const wasmConv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
};

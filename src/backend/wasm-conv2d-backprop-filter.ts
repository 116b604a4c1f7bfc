/**
 * Conv2DBackpropFilter for the WASM backend, which TF.js 4.22 does not ship (fitting any CNN on
 * wasm throws "Kernel 'Conv2DBackpropFilter' not registered").
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oy, ox} x[b, oy·sh − padTop + kh, ox·sw − padLeft + kw, ci] · dy[b, oy, ox, co]
 *
 * (out-of-range x reads are the zero padding). Written as im2col + one matrix product:
 * cols[(b, oy, ox), (kh, kw, ci)] gathered in JS straight from the WASM heap, then
 * dW = (dyᵀ · cols)ᵀ on the backend's XNNPACK BatchMatMul and Transpose kernels, read as
 * [kh, kw, ci, co] (the order of cols' columns is exactly the filter layout). Semantics (pad,
 * dimRoundingMode, dataFormat, no dilations) follow tfjs-backend-cpu's Conv2DBackpropFilter.
 */
import * as tf from './tfjs.js';
import { convInfoOf, matMul, runWasmKernel, transposeMatrix, viewAs, walkPatches } from './wasm-kernel-utils.js';
import type { ConvGradAttrs, KernelArgs, TensorInfo, WasmBackendLike } from './wasm-kernel-utils.js';

interface BackpropFilterAttrs extends ConvGradAttrs {
  filterShape: [number, number, number, number];
}

function conv2DBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const x = args.inputs.x as unknown as TensorInfo;
  const dy = args.inputs.dy as unknown as TensorInfo;
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  const filterShape = attrs.filterShape;
  const info = convInfoOf(x.shape, filterShape, attrs);
  const channelsLast = info.dataFormat === 'channelsLast';
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const inChannels = info.inChannels;

  const cols = backend.makeOutput([rows, patch], 'float32');
  // Heap views are taken after every allocation: growing WASM memory detaches older views.
  const colsValues = backend.typedArrayFromHeap(cols) as Float32Array;
  const xValues = backend.typedArrayFromHeap(x) as Float32Array;
  walkPatches(
    info,
    (col, xi, stride) => {
      for (let ci = 0; ci < inChannels; ci++, xi += stride) colsValues[col + ci] = xValues[xi];
    },
    (col) => colsValues.fill(0, col, col + inChannels),
  );

  // dyᵀ as [outChannels, rows]; NCHW dy [b, co, oy, ox] only needs its first two axes swapped.
  const dyT = channelsLast
    ? transposeMatrix(backend, dy, rows, info.outChannels)
    : runWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 0, 2, 3] });
  // dWᵀ = dyᵀ · cols, then one small transpose: XNNPACK's matmul with transposeA is ~10× slower.
  const productT = matMul(backend, viewAs(dyT, [info.outChannels, rows]), cols);
  backend.disposeData(cols.dataId);
  backend.disposeData(dyT.dataId);
  const product = transposeMatrix(backend, productT, info.outChannels, patch);
  backend.disposeData(productT.dataId);
  return viewAs(product, [...filterShape]);
}

/** Kernel config for `tf.registerKernel`. */
export const wasmConv2DBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc,
};

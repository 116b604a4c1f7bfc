/**
 * Conv2DBackpropInput for the WASM backend, replacing TF.js 4.22's, a direct loop that took
 * ~40% of a 2-conv CNN's training step (190 of 470 ms at batch 64).
 *
 *   dx[b, y, x, ci] = Σ_{oy, ox, kh, kw : oy·sh − padTop + kh = y, ox·sw − padLeft + kw = x} dy[b, oy, ox, co] · W[kh, kw, ci, co]
 *
 * Written as one matrix product and col2im: dcols[(b, oy, ox), (kh, kw, ci)] = dy · Wᵀ on the
 * backend's XNNPACK BatchMatMul (W read as [kh·kw·ci, co] and transposed first), then each
 * patch's cells are added back to the x position they came from, in JS on the WASM heap
 * (cells in the padding are dropped). Semantics (pad, dimRoundingMode, dataFormat, no dilations)
 * follow tfjs-backend-cpu's Conv2DBackpropInput.
 */
import * as tf from './tfjs.js';
import { convInfoOf, matMul, runWasmKernel, transposeMatrix, viewAs, walkPatches } from './wasm-kernel-utils.js';
import type { ConvGradAttrs, KernelArgs, TensorInfo, WasmBackendLike } from './wasm-kernel-utils.js';

interface BackpropInputAttrs extends ConvGradAttrs {
  inputShape: [number, number, number, number];
}

function conv2DBackpropInputWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = args.inputs.dy as unknown as TensorInfo;
  const filter = args.inputs.filter as unknown as TensorInfo;
  const attrs = args.attrs as unknown as BackpropInputAttrs;
  const inputShape = attrs.inputShape;
  const info = convInfoOf(inputShape, filter.shape, attrs);
  const channelsLast = info.dataFormat === 'channelsLast';
  const rows = info.batchSize * info.outHeight * info.outWidth;
  const patch = info.filterHeight * info.filterWidth * info.inChannels;
  const inChannels = info.inChannels;

  const dyNhwc = channelsLast ? dy : runWasmKernel('Transpose', backend, { x: dy }, { perm: [0, 2, 3, 1] });
  const filterT = transposeMatrix(backend, filter, patch, info.outChannels);
  const dcols = matMul(backend, viewAs(dyNhwc, [rows, info.outChannels]), viewAs(filterT, [info.outChannels, patch]));
  backend.disposeData(filterT.dataId);
  if (!channelsLast) backend.disposeData(dyNhwc.dataId);

  const dx = backend.makeOutput([...inputShape], 'float32');
  // Heap views are taken after every allocation: growing WASM memory detaches older views.
  const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
  const dcolsValues = backend.typedArrayFromHeap(dcols) as Float32Array;
  dxValues.fill(0);
  walkPatches(
    info,
    (col, xi, stride) => {
      for (let ci = 0; ci < inChannels; ci++, xi += stride) dxValues[xi] += dcolsValues[col + ci];
    },
    () => {},
  );
  backend.disposeData(dcols.dataId);
  return dx;
}

/** Kernel config for `tf.registerKernel`. */
export const wasmConv2DBackpropInputConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as tf.KernelFunc,
};

/**
 * MaxPoolGrad for the WASM backend, replacing TF.js 4.22's (a quarter of a 2-conv CNN's training
 * step once the conv gradients were fast).
 *
 *   dx[b, y, x, c] = Σ over the pooling windows (b, oy, ox) whose first strict maximum of x in
 *                    channel c sits at (y, x) of dy[b, oy, ox, c]
 *
 * One pass over the windows in JS on the WASM heap, channels innermost (NHWC is contiguous in c),
 * keeping each channel's running maximum; cells in the padding never win. Tie-breaking (the first
 * maximum in row-major window order wins) and padding follow tfjs-backend-cpu's MaxPoolGrad.
 */
import * as tf from './tfjs.js';
import type { KernelArgs, TensorInfo, WasmBackendLike, WindowAttrs } from './wasm-kernel-utils.js';

interface MaxPoolGradAttrs extends WindowAttrs {
  filterSize: [number, number] | number;
}

function maxPoolGradWasm(args: KernelArgs): TensorInfo {
  const backend = args.backend as WasmBackendLike;
  const dy = args.inputs.dy as unknown as TensorInfo;
  const x = args.inputs.input as unknown as TensorInfo;
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const dx = backend.makeOutput([...x.shape], 'float32');
  // Heap views are taken after every allocation: growing WASM memory detaches older views.
  const dxValues = backend.typedArrayFromHeap(dx) as Float32Array;
  const xValues = backend.typedArrayFromHeap(x) as Float32Array;
  const dyValues = backend.typedArrayFromHeap(dy) as Float32Array;
  dxValues.fill(0);
  const maxValue = new Float32Array(channels);
  const maxAt = new Int32Array(channels);
  let dyAt = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      const yStart = Math.max(0, oy * strideHeight - top);
      const yEnd = Math.min(inHeight, oy * strideHeight - top + filterHeight);
      for (let ox = 0; ox < outWidth; ox++, dyAt += channels) {
        const xStart = Math.max(0, ox * strideWidth - left);
        const xEnd = Math.min(inWidth, ox * strideWidth - left + filterWidth);
        maxValue.fill(Number.NEGATIVE_INFINITY);
        maxAt.fill(-1);
        for (let yy = yStart; yy < yEnd; yy++) {
          for (let xx = xStart; xx < xEnd; xx++) {
            const base = ((b * inHeight + yy) * inWidth + xx) * channels;
            for (let c = 0; c < channels; c++) {
              if (xValues[base + c] > maxValue[c]) {
                maxValue[c] = xValues[base + c];
                maxAt[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) {
          if (maxAt[c] >= 0) dxValues[maxAt[c]] += dyValues[dyAt + c];
        }
      }
    }
  }
  return dx;
}

/** Kernel config for `tf.registerKernel`. */
export const wasmMaxPoolGradConfig: tf.KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as tf.KernelFunc,
};

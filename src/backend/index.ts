/**
 * The TF.js backend: choosing and initialising it once per process or worker, and the kernels
 * multihop adds where TF.js's are missing.
 */
export { BACKEND_CHOICES, describeBackend, initBackend } from './backend-init.js';
export type { BackendChoice, BackendInfo } from './backend-init.js';
export { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter.js';
export { wasmConv2DBackpropInputConfig } from './wasm-conv2d-backprop-input.js';
export { wasmMaxPoolGradConfig } from './wasm-max-pool-grad.js';

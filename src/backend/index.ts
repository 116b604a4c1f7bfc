/**
 * The TF.js backend: choosing and initialising it once per process or worker, and the kernels
 * multihop adds where TF.js's are missing.
 */
export { initBackend } from './backend-init.js';
// Also importable alone, without TF.js: backend-choices.ts.
export { BACKEND_CHOICES, describeBackend, parseBackendChoice } from './backend-choices.js';
export type { BackendChoice, BackendInfo } from './backend-choices.js';
export { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter.js';
export { wasmConv2DBackpropInputConfig } from './wasm-conv2d-backprop-input.js';
export { wasmMaxPoolGradConfig } from './wasm-max-pool-grad.js';

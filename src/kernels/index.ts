/**
 * Fast training kernels for TF.js backends (issue 6). The backend calls `registerFastKernels`
 * when it starts; the rest is for run records, tests and the speed benchmark.
 */
export { registerFastKernels, fastKernelInfo, selectNativeGemm, selectNativeSimd, type FastKernelInfo } from './kernel-registration.js';
export { fastAdam } from './fast-adam.js';
export { loadNativeKernels, nativeAbsentReason, type NativeKernels } from './native-addon.js';

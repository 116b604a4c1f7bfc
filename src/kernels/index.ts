/**
 * Fast training kernels for TF.js backends (issue 6). The lead calls `registerFastKernels` from
 * the backend's init; everything else here is for tests and the speed benchmark.
 */
export { registerFastKernels, fastKernelInfo, type FastKernelInfo } from './kernel-registration.js';

/** The linear family's runtime: multinomial logistic regression by L-BFGS. */
export { linearRuntime, LINEAR_MAX_ITERATIONS } from './linear-runtime.js';
export { minimiseLbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from './lbfgs.js';

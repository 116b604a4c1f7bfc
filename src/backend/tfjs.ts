/**
 * TF.js for every module of multihop: the parts of `@tensorflow/tfjs` it uses (tfjs-core,
 * tfjs-layers and the cpu backend), loaded with `require`.
 *
 * These packages are CommonJS. Imported from an ES module, Node first runs its export lexer over
 * `@tensorflow/tfjs` and, following its re-exports, over tfjs-core, -layers, -converter and -data
 * (several MB of source): measured on Node 20, that import took about 360 ms, `require` of the
 * same package 110 ms, and `require` of the three parts used here 60 ms (the converter, tfjs-data
 * and the WebGL backend are never used in Node). Every pool worker pays this at start-up. The
 * instances are the package's own (Node's require cache), so code that still imports
 * `@tensorflow/tfjs` shares this engine and its backends.
 *
 * Types come from `@tensorflow/tfjs`; values are the ones multihop uses, so that a new one fails to
 * compile until it is added here.
 */
import { createRequire } from 'node:module';
import { registerLoadedTfjs } from './backend-state.js';
import type * as Tf from '@tensorflow/tfjs';

export type * from '@tensorflow/tfjs';

const require = createRequire(import.meta.url);
const core = require('@tensorflow/tfjs-core') as typeof Tf;
const layersApi = require('@tensorflow/tfjs-layers') as typeof Tf;
// Registers the cpu backend, the fallback when neither tfjs-node nor wasm loads.
require('@tensorflow/tfjs-backend-cpu');
// Code that only needs the backend's name asks backend-state.ts, which TF.js now answers.
registerLoadedTfjs(() => core.getBackend());

export const {
  AdamOptimizer,
  KernelBackend,
  Tensor,
  Variable,
  add,
  addN,
  argMax,
  backend,
  backend_util,
  broadcast_util,
  cast,
  dispose,
  div,
  engine,
  env,
  exp,
  findBackend,
  gather,
  getBackend,
  getKernel,
  io,
  logSoftmax,
  losses,
  matMul,
  mean,
  mul,
  neg,
  oneHot,
  ready,
  registerKernel,
  reshape,
  setBackend,
  slice,
  softmax,
  sqrt,
  square,
  sub,
  sum,
  tensor,
  tensor1d,
  tensor2d,
  tidy,
  train,
  unregisterKernel,
  util,
  variable,
  zeros,
  zerosLike,
} = core;

export const {
  LayersModel,
  Sequential,
  SymbolicTensor,
  initializers,
  layers,
  loadLayersModel,
  model,
  sequential,
} = layersApi;

// A class is a value and a type: the value above hides the type `export type *` re-exports.
export type AdamOptimizer = Tf.AdamOptimizer;
export type KernelBackend = Tf.KernelBackend;
export type LayersModel = Tf.LayersModel;
export type Sequential = Tf.Sequential;
export type SymbolicTensor = Tf.SymbolicTensor;
export type Tensor<R extends Tf.Rank = Tf.Rank> = Tf.Tensor<R>;
export type Variable<R extends Tf.Rank = Tf.Rank> = Tf.Variable<R>;

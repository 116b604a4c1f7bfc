/**
 * TF.js for every module of multihop: the `@tensorflow/tfjs` package, loaded with `require`.
 *
 * The package is CommonJS. Imported from an ES module, Node first runs its export lexer over it and,
 * following its re-exports, over tfjs-core, -layers, -converter and -data (several MB of source):
 * measured on Node 20, the import took about 360 ms against 120 ms for `require`, and every pool
 * worker pays it again at start-up. The module instance is the same either way (Node's require
 * cache), so code that still imports the package directly shares this one's engine and backend.
 *
 * Types come from the package itself; values are the ones multihop uses, so that a new one fails
 * to compile until it is added here.
 */
import { createRequire } from 'node:module';
import type * as Tf from '@tensorflow/tfjs';

export type * from '@tensorflow/tfjs';

const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as typeof Tf;

export const {
  AdamOptimizer,
  KernelBackend,
  LayersModel,
  Sequential,
  SymbolicTensor,
  Tensor,
  Variable,
  add,
  addN,
  argMax,
  backend,
  backend_util,
  broadcast_util,
  dispose,
  div,
  engine,
  env,
  exp,
  findBackend,
  gather,
  getBackend,
  getKernel,
  initializers,
  io,
  layers,
  loadLayersModel,
  logSoftmax,
  losses,
  matMul,
  mean,
  model,
  mul,
  neg,
  oneHot,
  ready,
  registerKernel,
  reshape,
  sequential,
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
} = tf;

// A class is a value and a type: the value above hides the type `export type *` re-exports.
export type AdamOptimizer = Tf.AdamOptimizer;
export type KernelBackend = Tf.KernelBackend;
export type LayersModel = Tf.LayersModel;
export type Sequential = Tf.Sequential;
export type SymbolicTensor = Tf.SymbolicTensor;
export type Tensor<R extends Tf.Rank = Tf.Rank> = Tf.Tensor<R>;
export type Variable<R extends Tf.Rank = Tf.Rank> = Tf.Variable<R>;

/**
 * Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) as TF.js's
 * AdamOptimizer computes it, in one native call per variable instead of ~12 WASM ops:
 *   m ← β1·m + (1-β1)·g;  v ← β2·v + (1-β2)·g²;  θ ← θ − lr · (m / (1-β1ᵗ)) / (sqrt(v / (1-β2ᵗ)) + ε)
 * On wasm with the native addon it updates θ, m and v in place in the WASM heap when nothing
 * else shares their memory (copy-on-write otherwise, e.g. after a clone() of the weights);
 * anywhere else it is exactly tf.AdamOptimizer.
 */
import * as tf from '../backend/tfjs.js';
import { loadNativeKernels, type NativeKernels } from './native-addon.js';

/** The part of tfjs-backend-wasm's BackendWasm the update uses. */
interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { has(dataId: object): boolean; get(dataId: object): { memoryOffset: number } };
  refCount(dataId: object): number;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** AdamOptimizer's private state, which this subclass keeps in the same places. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

class FastAdamOptimizer extends tf.AdamOptimizer {
  constructor(
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number | undefined,
    private readonly native: NativeKernels,
  ) {
    super(learningRate, beta1, beta2, epsilon);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getBackend() !== 'wasm') {
      super.applyGradients(variableGradients);
      return;
    }
    const backend = tf.backend() as unknown as WasmBackend;
    const state = this as unknown as AdamState;
    const named = Array.isArray(variableGradients)
      ? variableGradients.map((v) => ({ name: v.name, gradient: v.tensor }))
      : Object.keys(variableGradients).map((name) => ({ name, gradient: variableGradients[name] as tf.Tensor | null }));
    const onWasm = (t: tf.Tensor): boolean => t.dtype === 'float32' && backend.dataIdMap.has(t.dataId);
    if (!onWasm(state.accBeta1) || !onWasm(state.accBeta2)) {
      super.applyGradients(variableGradients);
      return;
    }
    // Float32 like TF.js's accBeta variables, read and advanced in place.
    const acc = (t: tf.Variable): Float32Array =>
      new Float32Array(backend.wasm.HEAPU8.buffer, backend.dataIdMap.get(t.dataId).memoryOffset, 1);
    const c1 = Math.fround(1 - acc(state.accBeta1)[0]);
    const c2 = Math.fround(1 - acc(state.accBeta2)[0]);
    named.forEach(({ name, gradient }, i) => {
      const value = tf.engine().registeredVariables[name];
      const moments = [state.accumulatedFirstMoment, state.accumulatedSecondMoment] as const;
      moments.forEach((list, j) => {
        if (list[i] === undefined) {
          list[i] = { originalName: `${name}/${j === 0 ? 'm' : 'v'}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        }
      });
      if (gradient == null) return;
      const m = state.accumulatedFirstMoment[i]!.variable;
      const v = state.accumulatedSecondMoment[i]!.variable;
      if (![value, m, v, gradient].every(onWasm)) {
        this.updateWithOps(value, m, v, gradient, c1, c2);
        return;
      }
      // Memory another tensor also points at (a clone, a reshape) is written to a fresh output.
      const targets = [value, m, v].map((t) => (backend.refCount(t.dataId) === 1 ? null : backend.makeOutput(t.shape, 'float32')));
      const at = (t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId).memoryOffset;
      this.native.adam(
        backend.wasm.HEAPU8.buffer as ArrayBuffer, value.size, at(value), at(m), at(v), at(gradient),
        at(targets[0] ?? value), at(targets[1] ?? m), at(targets[2] ?? v),
        this.learningRate, this.beta1, this.beta2, this.epsilon, c1, c2,
      );
      [value, m, v].forEach((variable, k) => {
        const target = targets[k];
        if (target === null) return;
        const tensor = tf.engine().makeTensorFromTensorInfo(target);
        variable.assign(tensor);
        tensor.dispose();
      });
    });
    const a1 = acc(state.accBeta1);
    a1[0] = Math.fround(a1[0] * this.beta1);
    const a2 = acc(state.accBeta2);
    a2[0] = Math.fround(a2[0] * this.beta2);
    this.incrementIterations();
  }

  // TF.js's own arithmetic for one variable (tensors that live on another backend).
  private updateWithOps(value: tf.Variable, m: tf.Variable, v: tf.Variable, gradient: tf.Tensor, c1: number, c2: number): void {
    tf.tidy(() => {
      const newM = tf.add(tf.mul(m, this.beta1), tf.mul(gradient, 1 - this.beta1));
      const newV = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
      m.assign(newM);
      v.assign(newV);
      const step = tf.div(tf.div(newM, c1), tf.add(tf.sqrt(tf.div(newV, c2)), this.epsilon));
      value.assign(tf.add(tf.mul(step, -this.learningRate), value));
    });
  }
}

/**
 * A drop-in for `tf.train.adam(learningRate, beta1, beta2, epsilon)`: the same optimizer, with a
 * fused native update step on wasm when the addon is built (else exactly TF.js's AdamOptimizer).
 */
export function fastAdam(learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): tf.AdamOptimizer {
  const native = loadNativeKernels();
  return native === null ? tf.train.adam(learningRate, beta1, beta2, epsilon) : new FastAdamOptimizer(learningRate, beta1, beta2, epsilon, native);
}

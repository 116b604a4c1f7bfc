/**
 * Fully connected models as standard ONNX operators: per layer MatMul by the [in, out] kernel, Add
 * the bias, then the layer's activation; Softmax over the classes after the last (linear) layer.
 * Serves multinomial logistic regression (one layer) and MLPs (hidden layers, then `logits`).
 */
import { ConfigError, type Activation } from '../core/index.js';
import { featuresInput, ONNX_FEATURES, ONNX_OPSET, ONNX_PROBABILITIES, probabilitiesOutput, type OnnxGraph, type OnnxNode, type OnnxTensor } from './onnx-graph.js';

/** One dense layer: `kernel` is [inputs, units] row-major, `bias` [units]. */
export interface DenseLayer {
  kernel: ArrayLike<number>;
  bias: ArrayLike<number>;
  inputs: number;
  units: number;
  /** Applied after the bias; absent on the last layer, whose outputs are the logits. */
  activation?: Activation;
}

/** ONNX operator of each activation; TF.js's elu has alpha 1, ONNX Elu's default. */
const ACTIVATION_OP: Record<Activation, string> = { relu: 'Relu', tanh: 'Tanh', elu: 'Elu', sigmoid: 'Sigmoid' };

/** The graph of `layers` applied in order to `features`, then Softmax. */
export function denseGraph(layers: readonly DenseLayer[]): OnnxGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let current: string = ONNX_FEATURES;
  let width = layers[0]?.inputs ?? 0;
  layers.forEach((layer, i) => {
    if (layer.inputs !== width || layer.kernel.length !== layer.inputs * layer.units || layer.bias.length !== layer.units) {
      throw new ConfigError(`dense layer ${i}: kernel of ${layer.kernel.length} values and bias of ${layer.bias.length} do not fit [${width}, ${layer.units}]; the stored model is damaged, train it again`);
    }
    const name = `layer_${i}`;
    initializers.push(
      { name: `${name}_kernel`, type: 'float', dims: [layer.inputs, layer.units], values: Float32Array.from(layer.kernel) },
      { name: `${name}_bias`, type: 'float', dims: [layer.units], values: Float32Array.from(layer.bias) },
    );
    nodes.push(
      { name: `${name}_matmul`, opType: 'MatMul', inputs: [current, `${name}_kernel`], outputs: [`${name}_product`] },
      { name: `${name}_add`, opType: 'Add', inputs: [`${name}_product`, `${name}_bias`], outputs: [`${name}_sum`] },
    );
    current = `${name}_sum`;
    if (layer.activation) {
      nodes.push({ name: `${name}_${layer.activation}`, opType: ACTIVATION_OP[layer.activation], inputs: [current], outputs: [`${name}_output`] });
      current = `${name}_output`;
    }
    width = layer.units;
  });
  nodes.push({ name: 'softmax', opType: 'Softmax', inputs: [current], outputs: [ONNX_PROBABILITIES], attributes: [{ name: 'axis', kind: 'int', value: -1 }] });
  return {
    nodes,
    initializers,
    inputs: [featuresInput(layers[0]?.inputs ?? 0)],
    outputs: [probabilitiesOutput(width)],
    opsets: [ONNX_OPSET],
  };
}

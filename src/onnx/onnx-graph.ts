/**
 * ONNX graphs as plain data (the subset of onnx.proto an exported model needs), and the one
 * contract every family's graph keeps: it reads float32 `features` [N, width], preprocessed as
 * multihop trains on them, and writes float32 `probabilities` [N, classes].
 */

/** The graph input every family's graph reads: float32 [N, width], after encoding and standardisation. */
export const ONNX_FEATURES = 'features';
/** The graph output every family's graph writes: float32 [N, classes], rows summing to 1. */
export const ONNX_PROBABILITIES = 'probabilities';
/** The extra output of tree ensembles: int64 [N], the most probable class index. */
export const ONNX_LABEL = 'label';
/** The symbolic batch dimension of inputs and outputs. */
export const ONNX_BATCH = 'N';

/** Standard ONNX operators at this opset: Softmax over the last axis by default (since 13). */
export const ONNX_OPSET = { domain: '', version: 13 } as const;
/** ONNX-ML operators (TreeEnsembleClassifier) at this opset. */
export const ONNX_ML_OPSET = { domain: 'ai.onnx.ml', version: 3 } as const;
/** IR version 8: the first that knows ai.onnx.ml opset 3. */
export const ONNX_IR_VERSION = 8;

/** A constant tensor (initializer). */
export type OnnxTensor =
  | { name: string; type: 'float'; dims: number[]; values: ArrayLike<number> }
  | { name: string; type: 'int64'; dims: number[]; values: ArrayLike<number> };

/** A node attribute, by AttributeProto kind. */
export type OnnxAttribute =
  | { name: string; kind: 'float'; value: number }
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'string'; value: string }
  | { name: string; kind: 'floats'; value: ArrayLike<number> }
  | { name: string; kind: 'ints'; value: number[] }
  | { name: string; kind: 'strings'; value: string[] };

/** One operator application. */
export interface OnnxNode {
  name: string;
  opType: string;
  /** Operator set domain; absent for standard ONNX operators. */
  domain?: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A graph input or output: its name, element type and shape (a string is a symbolic dimension). */
export interface OnnxValueInfo {
  name: string;
  type: 'float' | 'int64';
  dims: Array<number | string>;
  doc?: string;
}

/** An operator set the graph imports. */
export interface OnnxOpset {
  domain: string;
  version: number;
}

/** A computation graph with its constants, inputs, outputs and the operator sets it uses. */
export interface OnnxGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  opsets: OnnxOpset[];
}

/** A whole model file: the graph plus ModelProto's header and metadata (key → value strings). */
export interface OnnxModel {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  doc?: string;
  graphName: string;
  graph: OnnxGraph;
  metadata: Record<string, string>;
}

/** The `features` input of width `width`. */
export function featuresInput(width: number): OnnxValueInfo {
  return { name: ONNX_FEATURES, type: 'float', dims: [ONNX_BATCH, width] };
}

/** The `probabilities` output of `classes` classes. */
export function probabilitiesOutput(classes: number): OnnxValueInfo {
  return { name: ONNX_PROBABILITIES, type: 'float', dims: [ONNX_BATCH, classes] };
}

/**
 * `graph` preceded by per-feature standardisation: its `features` input becomes (x − mean) / std
 * (ONNX Sub then Div, float32), so the returned graph reads features before standardisation.
 */
export function withStandardisation(graph: OnnxGraph, mean: ArrayLike<number>, std: ArrayLike<number>): OnnxGraph {
  const standardised = 'standardised_features';
  const rename = (name: string) => (name === ONNX_FEATURES ? standardised : name);
  const width = mean.length;
  return {
    nodes: [
      { name: 'standardise_sub', opType: 'Sub', inputs: [ONNX_FEATURES, 'standardisation_mean'], outputs: ['centred_features'] },
      { name: 'standardise_div', opType: 'Div', inputs: ['centred_features', 'standardisation_std'], outputs: [standardised] },
      ...graph.nodes.map((node) => ({ ...node, inputs: node.inputs.map(rename) })),
    ],
    initializers: [
      { name: 'standardisation_mean', type: 'float', dims: [width], values: Float32Array.from(mean) },
      { name: 'standardisation_std', type: 'float', dims: [width], values: Float32Array.from(std) },
      ...graph.initializers,
    ],
    inputs: graph.inputs,
    outputs: graph.outputs,
    opsets: graph.opsets,
  };
}

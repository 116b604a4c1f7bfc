/**
 * ONNX export (issue 11 point 7): families describe their trained model as an {@link OnnxGraph}
 * (ONNX-ML TreeEnsembleClassifier for trees, MatMul/Add/activation/Softmax for linear models and
 * MLPs), and `onnxModelBytes` writes it as a `.onnx` file with standardisation in front. Pure
 * TypeScript with its own protobuf writer (onnx-proto.ts says why).
 */
export {
  ONNX_BATCH,
  ONNX_FEATURES,
  ONNX_IR_VERSION,
  ONNX_LABEL,
  ONNX_ML_OPSET,
  ONNX_OPSET,
  ONNX_PROBABILITIES,
  withStandardisation,
} from './onnx-graph.js';
export type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxOpset, OnnxTensor, OnnxValueInfo } from './onnx-graph.js';
export { denseGraph, type DenseLayer } from './onnx-dense.js';
export { treeEnsembleGraph } from './onnx-tree-ensemble.js';
export { encodeOnnxModel } from './onnx-proto.js';
export { onnxModelBytes, type OnnxFileOptions } from './onnx-model-file.js';

/** A family's ONNX graph made into a `.onnx` file: standardisation in front, metadata, header. */
import { createRequire } from 'node:module';
import { encodeOnnxModel } from './onnx-proto.js';
import { ONNX_IR_VERSION, withStandardisation, type OnnxGraph } from './onnx-graph.js';

/** What {@link onnxModelBytes} adds around a family's graph. */
export interface OnnxFileOptions {
  /** Per-feature (x − mean) / std to apply in the graph before the model; null to feed standardised rows. */
  standardisation: { mean: ArrayLike<number>; std: ArrayLike<number> } | null;
  /** ModelProto.doc_string: what the input and outputs are. */
  doc: string;
  /** ModelProto.metadata_props (e.g. class names), readable by ONNX Runtime's session metadata. */
  metadata: Record<string, string>;
}

function multihopVersion(): string {
  // dist/src/onnx/ → the package root.
  return (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
}

/** The bytes of the `.onnx` file of `graph`. */
export function onnxModelBytes(graph: OnnxGraph, options: OnnxFileOptions): Uint8Array {
  const full = options.standardisation ? withStandardisation(graph, options.standardisation.mean, options.standardisation.std) : graph;
  return encodeOnnxModel({
    irVersion: ONNX_IR_VERSION,
    producerName: 'multihop',
    producerVersion: multihopVersion(),
    doc: options.doc,
    graphName: 'multihop',
    graph: full,
    metadata: options.metadata,
  });
}

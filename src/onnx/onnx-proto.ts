/**
 * The protobuf wire encoding of the part of onnx.proto (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto)
 * that an exported model uses: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto and their small children. Field numbers are onnx.proto's, which never change.
 *
 * Written by hand rather than with `onnx-proto` (npm): that package ships onnx 1.10's schema as
 * 330 kB of generated CommonJS and brings protobufjs 6, an old major, into the CLI's runtime
 * dependencies, to encode ten messages whose wire form fits in this file. Repeated numbers are
 * written packed, which every protobuf parser accepts for proto2 fields too.
 */
import type { OnnxAttribute, OnnxGraph, OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo } from './onnx-graph.js';

const VARINT = 0;
const FIXED32 = 5;
const BYTES = 2;

/** Appends protobuf fields to a growing byte buffer. */
class ProtoWriter {
  private bytes = new Uint8Array(256);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  private rawVarint(value: number | bigint): void {
    // Negative int64s are written as their 64-bit two's complement (ten bytes), as protobuf does.
    let v = BigInt.asUintN(64, BigInt(value));
    this.reserve(10);
    do {
      const low = Number(v & 0x7fn);
      v >>= 7n;
      this.bytes[this.length++] = v > 0n ? low | 0x80 : low;
    } while (v > 0n);
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint((field << 3) | wireType);
  }

  varint(field: number, value: number): void {
    this.tag(field, VARINT);
    this.rawVarint(value);
  }

  float(field: number, value: number): void {
    this.tag(field, FIXED32);
    this.reserve(4);
    new DataView(this.bytes.buffer).setFloat32(this.length, value, true);
    this.length += 4;
  }

  bytesField(field: number, data: Uint8Array): void {
    this.tag(field, BYTES);
    this.rawVarint(data.length);
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  string(field: number, text: string): void {
    this.bytesField(field, new TextEncoder().encode(text));
  }

  message(field: number, write: (writer: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    write(inner);
    this.bytesField(field, inner.finish());
  }

  packedVarints(field: number, values: readonly number[]): void {
    if (values.length === 0) return;
    this.message(field, (w) => values.forEach((v) => w.rawVarint(v)));
  }

  packedFloats(field: number, values: ArrayLike<number>): void {
    if (values.length === 0) return;
    this.bytesField(field, littleEndianFloats(values));
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

function littleEndianFloats(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/** onnx.proto's TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7, strings: 8 } as const;

function writeTensor(w: ProtoWriter, tensor: OnnxTensor): void {
  w.packedVarints(1, tensor.dims);
  w.varint(2, tensor.type === 'float' ? ONNX_FLOAT : ONNX_INT64);
  w.string(8, tensor.name);
  if (tensor.type === 'float') {
    w.bytesField(9, littleEndianFloats(tensor.values));
  } else {
    w.packedVarints(7, Array.from(tensor.values));
  }
}

function writeAttribute(w: ProtoWriter, attribute: OnnxAttribute): void {
  w.string(1, attribute.name);
  switch (attribute.kind) {
    case 'float':
      w.float(2, attribute.value);
      break;
    case 'int':
      w.varint(3, attribute.value);
      break;
    case 'string':
      w.string(4, attribute.value);
      break;
    case 'floats':
      w.packedFloats(7, attribute.value);
      break;
    case 'ints':
      w.packedVarints(8, attribute.value);
      break;
    case 'strings':
      for (const s of attribute.value) w.string(9, s);
      break;
  }
  w.varint(20, ATTRIBUTE_TYPE[attribute.kind]);
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const attribute of node.attributes ?? []) w.message(5, (a) => writeAttribute(a, attribute));
  if (node.domain) w.string(7, node.domain);
}

function writeValueInfo(w: ProtoWriter, value: OnnxValueInfo): void {
  w.string(1, value.name);
  // TypeProto.tensor_type → TypeProto.Tensor { elem_type, shape { dim { dim_value | dim_param } } }
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.varint(1, value.type === 'float' ? ONNX_FLOAT : ONNX_INT64);
      tensor.message(2, (shape) => {
        for (const dim of value.dims) shape.message(1, (d) => (typeof dim === 'number' ? d.varint(1, dim) : d.string(2, dim)));
      });
    }),
  );
  if (value.doc) w.string(3, value.doc);
}

function writeGraph(w: ProtoWriter, graph: OnnxGraph, name: string): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node));
  w.string(2, name);
  for (const tensor of graph.initializers) w.message(5, (t) => writeTensor(t, tensor));
  for (const input of graph.inputs) w.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) w.message(12, (v) => writeValueInfo(v, output));
}

/** The bytes of `model` as an ONNX ModelProto (`.onnx` file). */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  if (model.doc) w.string(6, model.doc);
  w.message(7, (g) => writeGraph(g, model.graph, model.graphName));
  for (const opset of model.graph.opsets) {
    w.message(8, (o) => {
      o.string(1, opset.domain);
      o.varint(2, opset.version);
    });
  }
  for (const [key, value] of Object.entries(model.metadata)) {
    w.message(14, (entry) => {
      entry.string(1, key);
      entry.string(2, value);
    });
  }
  return w.finish();
}

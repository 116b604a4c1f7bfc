/**
 * Hop jobs and results as JSON for the queue: BullMQ stores job data and return values as JSON,
 * which would turn a Float32Array into an object of numbered keys (about 20 bytes a number).
 * Typed arrays travel as `{ "$f32": base64 }` / `{ "$i32": base64 }` instead (4 bytes a number,
 * 5.3 as base64). Decoding builds plain data only: nothing read from the queue is executed.
 */
import { QueueError } from '../core/index.js';

const bytesOf = (array: Float32Array | Int32Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);

/** `value` with every Float32Array / Int32Array replaced by its base64 form; JSON-safe. */
export function toWire(value: unknown): unknown {
  if (value instanceof Float32Array) return { $f32: bytesOf(value).toString('base64') };
  if (value instanceof Int32Array) return { $i32: bytesOf(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

function typedArray(base64: unknown, kind: '$f32' | '$i32'): Float32Array | Int32Array {
  if (typeof base64 !== 'string') throw new QueueError(`malformed ${kind} value on the queue: expected a base64 string`);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new QueueError(`malformed ${kind} value on the queue: ${bytes.byteLength} bytes is not a whole number of 4-byte values`);
  // A fresh, aligned buffer: the decoded Buffer may sit at any offset of Node's pool.
  const aligned = new Uint8Array(bytes).buffer;
  return kind === '$f32' ? new Float32Array(aligned) : new Int32Array(aligned);
}

/** The inverse of {@link toWire}. Object keys become own properties (`__proto__` included), never prototypes. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && (entries[0][0] === '$f32' || entries[0][0] === '$i32')) return typedArray(entries[0][1], entries[0][0]);
    return Object.fromEntries(entries.map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

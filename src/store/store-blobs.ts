/**
 * Float32Array ↔ SQLite BLOB. Values are stored as raw float32 in the platform's byte order
 * (little-endian on every platform Node ships for), copied both ways so that neither side aliases
 * memory the other may reuse.
 */
import { StoreError } from '../core/index.js';

/** Copies the array's own bytes (respecting byteOffset/byteLength of a view) into a Buffer. */
export function float32ToBlob(values: Float32Array): Buffer {
  return Buffer.from(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/**
 * Copies a BLOB into a fresh, aligned Float32Array. A Buffer read from SQLite may sit at any
 * offset of a shared pool, so viewing it in place could be misaligned; copying never is.
 * @param where names the row and column for the error, e.g. "nodes (run r1, key k) weights".
 */
export function blobToFloat32(blob: Uint8Array, where: string): Float32Array {
  if (blob.byteLength % 4 !== 0) {
    throw new StoreError(`${where}: blob of ${blob.byteLength} bytes is not a whole number of float32 values`);
  }
  const values = new Float32Array(blob.byteLength / 4);
  new Uint8Array(values.buffer).set(blob);
  return values;
}

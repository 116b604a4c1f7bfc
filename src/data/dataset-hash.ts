import { createHash } from 'node:crypto';

function bytesOf(array: Float32Array | Int32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * sha256 (hex) of a dataset's example shape, features and labels: two datasets with the same hash
 * hold the same numbers, whatever their name or source file.
 */
export function hashDataset(exampleShape: number[], features: Float32Array, labels: Int32Array): string {
  return createHash('sha256')
    .update(JSON.stringify(exampleShape))
    .update(bytesOf(features))
    .update(bytesOf(labels))
    .digest('hex');
}

import { createHash } from 'node:crypto';

function bytesOf(array: Float32Array | Int32Array | Uint8Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * sha256 (hex) of a dataset's example shape, features, labels and user split: two datasets with the
 * same hash hold the same numbers, whatever their name or source file.
 */
export function hashDataset(exampleShape: number[], features: Float32Array, labels: Int32Array, splitOf?: Uint8Array): string {
  const hash = createHash('sha256').update(JSON.stringify(exampleShape)).update(bytesOf(features)).update(bytesOf(labels));
  // A user's split is part of the data's identity: the same rows split differently never share nodes.
  if (splitOf) hash.update('split').update(bytesOf(splitOf));
  return hash.digest('hex');
}

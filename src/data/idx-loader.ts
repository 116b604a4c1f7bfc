import { DataError, type Dataset } from '../core/index.js';
import { hashDataset } from './dataset-hash.js';
import { readFileBytes } from './file-bytes.js';

/**
 * IDX files (the MNIST / Fashion-MNIST format, http://yann.lecun.com/exdb/mnist/): a 4-byte magic
 * number `00 00 <type> <ndims>`, then `ndims` big-endian uint32 dimensions, then the data row-major.
 * Only unsigned bytes (type 0x08) are supported, which is what image and label files use.
 * Files may be plain or gzipped (detected from their content); byte offsets in errors count the
 * decompressed stream.
 */

/** A decoded IDX array: its dimensions and its bytes (a view into the file contents). */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/** Decodes IDX bytes; a short file is a DataError naming `source` and the byte offset where data ran out. */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  if (bytes.length < 4) {
    throw new DataError(`${source}: truncated IDX file: header ends at byte offset ${bytes.length}, expected a 4-byte magic number`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(`${source}: not an IDX file (magic number starts ${bytes[0]}, ${bytes[1]}; expected 0, 0)`);
  }
  if (bytes[2] !== UBYTE) {
    throw new DataError(`${source}: IDX data type 0x${bytes[2].toString(16)} is not supported; only unsigned bytes (0x08)`);
  }
  const ndims = bytes[3];
  const headerEnd = 4 + 4 * ndims;
  if (bytes.length < headerEnd) {
    throw new DataError(
      `${source}: truncated IDX file: data ran out at byte offset ${bytes.length} while reading ${ndims} dimensions (header needs ${headerEnd} bytes)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const size = dims.reduce((a, b) => a * b, 1);
  const end = headerEnd + size;
  if (bytes.length < end) {
    throw new DataError(
      `${source}: truncated IDX file: data ran out at byte offset ${bytes.length}, expected ${end} bytes for dimensions [${dims.join(', ')}]`,
    );
  }
  return { dims, data: bytes.subarray(headerEnd, end) };
}

/** Reads and decodes one IDX file (plain or .gz). */
export function loadIdx(path: string): IdxArray {
  return parseIdx(readFileBytes(path, { partialGzip: true }), path);
}

/**
 * Builds an image Dataset from an images IDX array [n, h, w] and a labels IDX array [n]:
 * exampleShape [h, w, 1], pixels scaled to [0, 1].
 */
export function idxToDataset(
  images: IdxArray,
  labels: IdxArray,
  name: string,
  classNames: string[],
  sources: { images: string; labels: string },
): Dataset {
  if (images.dims.length !== 3) {
    throw new DataError(`${sources.images}: expected 3 dimensions [count, height, width], found [${images.dims.join(', ')}]`);
  }
  if (labels.dims.length !== 1) {
    throw new DataError(`${sources.labels}: expected 1 dimension [count], found [${labels.dims.join(', ')}]`);
  }
  const [count, height, width] = images.dims;
  if (labels.dims[0] !== count) {
    throw new DataError(`${sources.labels}: ${labels.dims[0]} labels for ${count} images in ${sources.images}`);
  }
  const features = new Float32Array(images.data.length);
  for (let i = 0; i < features.length; i++) features[i] = images.data[i] / 255;
  const labelArray = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i];
    if (label >= classNames.length) {
      throw new DataError(`${sources.labels}: label ${label} at index ${i} is outside [0, ${classNames.length})`);
    }
    labelArray[i] = label;
  }
  const featureNames: string[] = [];
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) featureNames.push(`pixel_${r}_${c}`);
  const exampleShape = [height, width, 1];
  return {
    name,
    features,
    labels: labelArray,
    exampleShape,
    classNames,
    featureNames,
    hash: hashDataset(exampleShape, features, labelArray),
  };
}

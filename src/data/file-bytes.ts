import { readFileSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { DataError } from '../core/index.js';

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads a file, gunzipping it when its content is gzip (whatever its name says). A file named
 * `.gz` whose content is not gzip is refused: it is most likely misnamed or damaged. Unreadable or
 * corrupt files become a `DataError` naming the path. With `partialGzip`, a truncated gzip stream
 * yields the bytes decoded so far, so that a format with declared sizes (IDX) can say where its
 * data ran out.
 */
export function readFileBytes(path: string, options: { partialGzip?: boolean } = {}): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(`${path}: cannot read the file (${code ?? String(error)})`, { cause: error });
  }
  if (!isGzip(bytes)) {
    if (path.toLowerCase().endsWith('.gz')) {
      throw new DataError(`${path}: named .gz but not gzip data (no 1f 8b magic bytes); compress it with gzip, or drop .gz from the name if it is plain text`);
    }
    return bytes;
  }
  try {
    return gunzipSync(bytes);
  } catch (error) {
    if (options.partialGzip) {
      try {
        return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
      } catch {
        // Not merely truncated: fall through to the corrupt-data error.
      }
    }
    throw new DataError(`${path}: corrupt or truncated gzip data (${(error as Error).message})`, { cause: error });
  }
}

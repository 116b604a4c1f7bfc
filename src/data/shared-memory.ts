import type { PreparedData, SplitPart } from '../core/index.js';

function shared<T extends Float32Array | Int32Array>(array: T): T {
  const buffer = new SharedArrayBuffer(array.byteLength);
  const copy = (array instanceof Float32Array ? new Float32Array(buffer) : new Int32Array(buffer)) as T;
  copy.set(array);
  return copy;
}

function sharedPart(part: SplitPart): SplitPart {
  return { features: shared(part.features), labels: shared(part.labels), count: part.count };
}

/**
 * Copies every typed array of `data` into SharedArrayBuffer-backed arrays, so that posting it to
 * worker threads shares the memory instead of cloning it (structured clone keeps a
 * SharedArrayBuffer shared). The input is not modified.
 */
export function toSharedMemory(data: PreparedData): PreparedData {
  return {
    ...data,
    train: sharedPart(data.train),
    validation: sharedPart(data.validation),
    test: sharedPart(data.test),
    rootTrain: data.rootTrain ? sharedPart(data.rootTrain) : undefined,
    standardisation: data.standardisation
      ? { mean: shared(data.standardisation.mean), std: shared(data.standardisation.std) }
      : null,
  };
}

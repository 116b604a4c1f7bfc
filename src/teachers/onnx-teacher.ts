/**
 * Running the user's `.onnx` model with ONNX Runtime Web (WASM, in this thread): it installs
 * offline from the registry, unlike onnxruntime-node's download step. One session answers every
 * split; its float output with one column per class is the teacher's output.
 */
import { readFileSync } from 'node:fs';
import type * as Ort from 'onnxruntime-web';
import { DataError } from '../core/index.js';

/** Rows to run the teacher on: count × width float32, row-major. */
export interface TeacherRows {
  features: Float32Array;
  count: number;
}

/** An open ONNX teacher: what it takes and gives, and a query on rows. */
export interface OnnxTeacher {
  /** Feature count of the input (null when the model leaves it symbolic). */
  readonly inputWidth: number | null;
  /** Raw outputs per row (count × columns) and the column count. */
  run(rows: TeacherRows, width: number): Promise<{ values: Float32Array; columns: number }>;
  close(): Promise<void>;
}

function tensorShape(metadata: Ort.InferenceSession.ValueMetadata | undefined): ReadonlyArray<number | string> | null {
  return metadata && metadata.isTensor ? metadata.shape : null;
}

/**
 * Opens `path`. Its first input takes [rows, features] float32; its output is the one named
 * `probabilities` (our exports and scikit-learn's converters), else the first float output.
 * @throws DataError when the file is no ONNX model ONNX Runtime can load
 */
export async function openOnnxTeacher(path: string): Promise<OnnxTeacher> {
  // Loaded on first use: a run without an ONNX teacher never pays for the WASM runtime.
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(readFileSync(path)));
  } catch (error) {
    throw new DataError(`--teacher ${path}: ONNX Runtime cannot load it (${(error as Error).message.split('\n')[0]}); export the model again`, { cause: error });
  }
  const inputName = session.inputNames[0];
  const shape = tensorShape(session.inputMetadata?.[0]);
  const declared = shape && shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null;
  return {
    inputWidth: declared,
    async run(rows, width) {
      let outputs: Ort.InferenceSession.ReturnType;
      try {
        outputs = await session.run({ [inputName]: new ort.Tensor('float32', rows.features, [rows.count, width]) });
      } catch (error) {
        throw new DataError(`--teacher ${path}: the model failed on ${rows.count} rows of ${width} features (${(error as Error).message.split('\n')[0]})`, { cause: error });
      }
      const names = outputs.probabilities ? ['probabilities'] : session.outputNames;
      for (const name of names) {
        const tensor = outputs[name];
        if (tensor && tensor.type === 'float32' && tensor.dims.length === 2 && tensor.dims[0] === rows.count) {
          return { values: new Float32Array(tensor.data as Float32Array), columns: tensor.dims[1] };
        }
      }
      throw new DataError(`--teacher ${path}: no float32 output of shape [rows, classes] among ${session.outputNames.join(', ')}; export class probabilities or logits`);
    },
    close: () => session.release(),
  };
}

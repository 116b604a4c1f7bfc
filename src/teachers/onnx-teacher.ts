/**
 * Running the user's `.onnx` model with ONNX Runtime Web (WASM, in this thread): it installs
 * offline from the registry, unlike onnxruntime-node's download step. One session answers every
 * split; its float output with one column per class is the teacher's output, and extra named
 * outputs of the graph are its probes (`--teacher-probes`).
 */
import { readFileSync } from 'node:fs';
import type * as Ort from 'onnxruntime-web';
import { DataError } from '../core/index.js';
import { flattenRows, type ModelTeacher } from './teacher-model.js';

function tensorShape(metadata: Ort.InferenceSession.ValueMetadata | undefined): ReadonlyArray<number | string> | null {
  return metadata && metadata.isTensor ? metadata.shape : null;
}

/**
 * Opens `path`. Its first input takes [rows, features] float32; its output is the one named
 * `probabilities` (our exports and scikit-learn's converters), else the first float output that
 * is not a probe. Each probe name must be one of the graph's outputs, a float tensor [rows, …].
 * @throws DataError when the file is no ONNX model ONNX Runtime can load, or a probe is no output of it
 */
export async function openOnnxTeacher(path: string, probes: readonly string[] = []): Promise<ModelTeacher> {
  // Loaded on first use: a run without an ONNX teacher never pays for the WASM runtime.
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(new Uint8Array(readFileSync(path)));
  } catch (error) {
    throw new DataError(`--teacher ${path}: ONNX Runtime cannot load it (${(error as Error).message.split('\n')[0]}); export the model again`, { cause: error });
  }
  const unknown = probes.filter((name) => !session.outputNames.includes(name));
  if (unknown.length > 0) {
    await session.release();
    throw new DataError(
      `--teacher-probes ${unknown.join(',')}: no such output of ${path}; its outputs are ${session.outputNames.join(', ')} (export hidden layers as extra named outputs)`,
    );
  }
  const inputName = session.inputNames[0];
  const shape = tensorShape(session.inputMetadata?.[0]);
  const declared = shape && shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null;
  const outputCandidates = session.outputNames.includes('probabilities') ? ['probabilities'] : session.outputNames.filter((name) => !probes.includes(name));
  return {
    inputWidth: declared,
    params: null,
    async run(rows, width) {
      let outputs: Ort.InferenceSession.ReturnType;
      try {
        outputs = await session.run({ [inputName]: new ort.Tensor('float32', rows.features, [rows.count, width]) });
      } catch (error) {
        throw new DataError(`--teacher ${path}: the model failed on ${rows.count} rows of ${width} features (${(error as Error).message.split('\n')[0]})`, { cause: error });
      }
      const probeValues = probes.map((name) => {
        const tensor = outputs[name];
        if (tensor.type !== 'float32' || tensor.dims.length < 2 || tensor.dims[0] !== rows.count) {
          throw new DataError(`--teacher-probes ${name}: expected a float32 output of shape [rows, …], found ${tensor.type} [${tensor.dims.join(', ')}]`);
        }
        return flattenRows(new Float32Array(tensor.data as Float32Array), rows.count);
      });
      for (const name of outputCandidates) {
        const tensor = outputs[name];
        if (tensor && tensor.type === 'float32' && tensor.dims.length === 2 && tensor.dims[0] === rows.count) {
          return { output: { values: new Float32Array(tensor.data as Float32Array), columns: tensor.dims[1] }, probes: probeValues };
        }
      }
      throw new DataError(`--teacher ${path}: no float32 output of shape [rows, classes] among ${session.outputNames.join(', ')}; export class probabilities or logits`);
    },
    close: () => session.release(),
  };
}

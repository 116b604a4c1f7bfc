/**
 * Running the user's TF.js layers model (a folder with `model.json` and its weight shards, e.g.
 * converted from Keras) in this thread on the run's TF.js backend. The files are read with our
 * own layers-model load handler (no tfjs-node here); probes are layers of the model, read through
 * one multi-output model over the output and those layers.
 */
import { dirname } from 'node:path';
import * as tf from '../backend/tfjs.js';
import { DataError } from '../core/index.js';
import { fileLoadHandler } from '../training/index.js';
import { flattenRows, type ModelTeacher, type TeacherValues } from './teacher-model.js';
import { tfjsModelJson } from './teacher-spec.js';

/** Rows per forward pass: bounds the memory of a big split. */
const BATCH_ROWS = 1024;

/**
 * Opens the TF.js layers model at `path` (its folder or its `model.json`). Its input takes
 * [rows, features]; its first output is the teacher's output; each probe name must be a layer.
 * @throws DataError when the files cannot be loaded as a layers model, or a probe names no layer
 */
export async function openTfjsTeacher(path: string, probes: readonly string[] = []): Promise<ModelTeacher> {
  const modelJson = tfjsModelJson(path);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(fileLoadHandler(dirname(modelJson)));
  } catch (error) {
    throw new DataError(`--teacher ${path}: TF.js cannot load it as a layers model (${(error as Error).message.split('\n')[0]}); give a folder with model.json and its weight files`, {
      cause: error,
    });
  }
  const layerNames = model.layers.map((layer) => layer.name);
  const unknown = probes.filter((name) => !layerNames.includes(name));
  if (unknown.length > 0) {
    model.dispose();
    throw new DataError(`--teacher-probes ${unknown.join(',')}: no such layer in ${path}; its layers are ${layerNames.join(', ')}`);
  }
  const inputShape = model.inputs[0].shape;
  const declared = inputShape.length === 2 && typeof inputShape[1] === 'number' ? inputShape[1] : null;
  const outputs = [model.outputs[0], ...probes.map((name) => model.getLayer(name).output as tf.SymbolicTensor)];
  const multi = probes.length > 0 ? tf.model({ inputs: model.inputs, outputs }) : model;
  return {
    inputWidth: declared,
    params: model.countParams(),
    async run(rows, width) {
      const parts = outputs.map(() => [] as Float32Array[]);
      try {
        for (let start = 0; start < rows.count; start += BATCH_ROWS) {
          const end = Math.min(rows.count, start + BATCH_ROWS);
          const results = tf.tidy(() => {
            const out = multi.predict(tf.tensor2d(rows.features.subarray(start * width, end * width), [end - start, width])) as tf.Tensor | tf.Tensor[];
            return Array.isArray(out) ? out : [out];
          });
          results.forEach((tensor, k) => parts[k].push(tensor.dataSync() as Float32Array));
          tf.dispose(results);
          // Other work on the event loop (progress, interrupts) runs between batches.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } catch (error) {
        if (error instanceof DataError) throw error;
        throw new DataError(`--teacher ${path}: the model failed on ${rows.count} rows of ${width} features (${(error as Error).message.split('\n')[0]})`, { cause: error });
      }
      const joined: TeacherValues[] = parts.map((chunks) => {
        const values = new Float32Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
        let offset = 0;
        for (const chunk of chunks) {
          values.set(chunk, offset);
          offset += chunk.length;
        }
        return flattenRows(values, rows.count);
      });
      return { output: joined[0], probes: joined.slice(1) };
    },
    async close() {
      model.dispose();
    },
  };
}

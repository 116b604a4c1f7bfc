/**
 * TF.js layers-format files without tfjs-node: `model.save('file://…')` needs tfjs-node's file
 * router, which is optional here, so these IO handlers write and read `model.json` + one weights
 * file with plain `node:fs`. The files are the standard format: tfjs-node, tfjs in a browser
 * (over HTTP) and the Python converter read them as they are.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs';
import * as tf from '../backend/tfjs.js';
import { ConfigError } from '../core/index.js';

/** The files of a TF.js layers model folder. */
export const LAYERS_MODEL_FILES = {
  /** Topology + weights manifest. */
  model: 'model.json',
  /** All weights, float32 little-endian, in the manifest's order. */
  weights: 'weights.bin',
} as const;

function asArrayBuffer(data: io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/** Writes one model file, turning a file-system failure into one line naming the file. */
function writeExportFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new ConfigError(`${path}: cannot write the export (${(error as Error).message})`, { cause: error });
  }
}

/** A save handler that writes `model.json` and `weights.bin` into `dir` (created if missing). */
export function fileSaveHandler(dir: string): io.IOHandler {
  return tf.io.withSaveHandler(async (artifacts) => {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new ConfigError(`--out ${dir}: cannot create the folder (${(error as Error).message})`, { cause: error });
    }
    const weights = asArrayBuffer(artifacts.weightData);
    const modelJson = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      weightsManifest: [{ paths: [`./${LAYERS_MODEL_FILES.weights}`], weights: artifacts.weightSpecs ?? [] }],
    };
    writeExportFile(join(dir, LAYERS_MODEL_FILES.weights), new Uint8Array(weights));
    writeExportFile(join(dir, LAYERS_MODEL_FILES.model), `${JSON.stringify(modelJson)}\n`);
    return {
      modelArtifactsInfo: {
        dateSaved: new Date(),
        modelTopologyType: 'JSON',
        modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
        weightSpecsBytes: JSON.stringify(artifacts.weightSpecs).length,
        weightDataBytes: weights.byteLength,
      },
    };
  });
}

/** A load handler for `tf.loadLayersModel` that reads `dir/model.json` and its weight files. */
export function fileLoadHandler(dir: string): io.IOHandler {
  return {
    async load(): Promise<io.ModelArtifacts> {
      const path = join(dir, LAYERS_MODEL_FILES.model);
      let modelJson: io.ModelJSON;
      try {
        modelJson = JSON.parse(readFileSync(path, 'utf8')) as io.ModelJSON;
      } catch (error) {
        throw new ConfigError(`${path}: cannot read a TF.js model (${(error as Error).message}); export it again with 'multihop export'`, { cause: error });
      }
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) =>
          group.paths.map((file) => {
            const bytes = readFileSync(join(dir, file));
            return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
          }),
        );
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}

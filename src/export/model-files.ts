/**
 * TF.js layers-format files without tfjs-node: `model.save('file://…')` needs tfjs-node's file
 * router, which is optional here, so these IO handlers write and read `model.json` + one weights
 * file with plain `node:fs`. The files are the standard format: tfjs-node, tfjs in a browser
 * (over HTTP) and the Python converter read them as they are.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../core/index.js';
import { EXPORT_FILES } from './export-manifest.js';

function asArrayBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}

/**
 * Refuses an export folder that would lose something: a path that exists but is not a folder
 * (never replaced, even with `force`: deleting a user's file to put a folder there is never what
 * was meant), and a folder that already holds an export, unless `force`. Other files in the folder
 * are left alone, so exporting into a non-empty folder without an earlier export is fine.
 *
 * @throws ConfigError naming `--out`, what is in the way and what to do
 */
export function checkExportFolder(dir: string, force: boolean): void {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new ConfigError(`--out ${dir}: cannot use it (${(error as Error).message})`, { cause: error });
  }
  if (!isFolder) {
    throw new ConfigError(`--out ${dir} is a file, not a folder; give a new or existing folder (an existing file is never replaced)`);
  }
  const earlier = readdirSync(dir).filter((name) => (Object.values(EXPORT_FILES) as string[]).includes(name));
  if (earlier.length > 0 && !force) {
    throw new ConfigError(`--out ${dir} already holds an export (${earlier.join(', ')}); pass --force to overwrite it, or choose another folder`);
  }
}

/** Writes one file of an export, turning a file-system failure into one line naming the file. */
export function writeExportFile(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new ConfigError(`${path}: cannot write the export (${(error as Error).message})`, { cause: error });
  }
}

/** A save handler that writes `model.json` and `weights.bin` into `dir` (created if missing). */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
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
      weightsManifest: [{ paths: [`./${EXPORT_FILES.weights}`], weights: artifacts.weightSpecs ?? [] }],
    };
    writeExportFile(join(dir, EXPORT_FILES.weights), new Uint8Array(weights));
    writeExportFile(join(dir, EXPORT_FILES.model), `${JSON.stringify(modelJson)}\n`);
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
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const path = join(dir, EXPORT_FILES.model);
      let modelJson: tf.io.ModelJSON;
      try {
        modelJson = JSON.parse(readFileSync(path, 'utf8')) as tf.io.ModelJSON;
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

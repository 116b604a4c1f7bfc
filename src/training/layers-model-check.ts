/**
 * Checks an exported model folder before TF.js reads it, so that a damaged export is one line
 * naming the file instead of a RangeError deep inside TF.js: `model.json` parses and has a weights
 * manifest, every weights file exists, and their sizes add up to what the manifest declares.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, invalidField } from '../core/index.js';
import { LAYERS_MODEL_FILES } from './layers-model-files.js';

export const REEXPORT = "export the model again with 'multihop export --force'";

/** Bytes per element of the dtypes a TF.js weights manifest may declare. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint16: 2, uint8: 1, complex64: 8 };

const weightSpec = z.object({
  name: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string(),
  quantization: z.object({ dtype: z.string() }).passthrough().optional(),
});

const modelJsonSchema = z
  .object({
    modelTopology: z.record(z.unknown()),
    weightsManifest: z.array(z.object({ paths: z.array(z.string().min(1)), weights: z.array(weightSpec) })),
  })
  .passthrough();

function bytesOf(spec: z.infer<typeof weightSpec>, where: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = DTYPE_BYTES[dtype];
  if (bytes === undefined) throw new ConfigError(`${where}: weight '${spec.name}' has dtype '${dtype}', which multihop cannot read; ${REEXPORT}`);
  return spec.shape.reduce((a, b) => a * b, 1) * bytes;
}

/**
 * Validates `model.json` and the weights files of an exported model folder.
 *
 * @throws ConfigError naming the file, the expected and found size, and how to fix it
 */
export function checkLayersModelFiles(dir: string): void {
  const path = join(dir, LAYERS_MODEL_FILES.model);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read a TF.js model (${(error as Error).message}); ${REEXPORT}`, { cause: error });
  }
  const parsed = modelJsonSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${path}: ${invalidField(parsed.error)}; ${REEXPORT}`);
  }
  for (const group of parsed.data.weightsManifest) {
    const expected = group.weights.reduce((sum, spec) => sum + bytesOf(spec, path), 0);
    const files = group.paths.map((file) => join(dir, file));
    let found = 0;
    for (const file of files) {
      try {
        found += statSync(file).size;
      } catch (error) {
        throw new ConfigError(`${file}: cannot read the weights file (${(error as NodeJS.ErrnoException).code ?? String(error)}); ${REEXPORT}`, { cause: error });
      }
    }
    if (found !== expected) {
      const values = group.weights.reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
      throw new ConfigError(
        `${files.join(' + ')}: found ${found} bytes, expected ${expected} (${values} weights declared in ${LAYERS_MODEL_FILES.model}); ` +
          `the file is ${found < expected ? 'truncated' : 'too long'} or from another export: ${REEXPORT}`,
      );
    }
  }
}

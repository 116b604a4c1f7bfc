/**
 * The export format of the pure-TypeScript families: one JSON file holding the arch, the example
 * shape, the class count and the weights (float32 values written as numbers, which read back
 * exactly). Loading checks every field and names the file in a one-line ConfigError.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, MultihopError, type Arch, type ModelWeights } from '../core/index.js';

const REEXPORT = "export the model again with 'multihop export --force'";
const FORMAT = 'multihop-model';

/** What a JSON model file holds. */
export interface JsonModel<A extends Arch> {
  arch: A;
  exampleShape: number[];
  numClasses: number;
  weights: ModelWeights;
}

const fileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  arch: z.unknown(),
  exampleShape: z.array(z.number().int().positive()).min(1),
  numClasses: z.number().int().min(2),
  weights: z.object({
    shapes: z.array(z.array(z.number().int().nonnegative())),
    values: z.array(z.number()),
  }),
});

/** Writes `model` as `dir/file` (dir created if missing). */
export function saveJsonModel<A extends Arch>(dir: string, file: string, model: JsonModel<A>): void {
  mkdirSync(dir, { recursive: true });
  const body = {
    format: FORMAT,
    version: 1,
    arch: model.arch,
    exampleShape: model.exampleShape,
    numClasses: model.numClasses,
    weights: { shapes: model.weights.shapes, values: Array.from(model.weights.values) },
  };
  writeFileSync(join(dir, file), JSON.stringify(body));
}

/**
 * Reads `dir/file` back, checks its fields, its arch (by `archSchema`), that it takes `expected`'s
 * examples and classes, and that `build` accepts its weights.
 * @throws ConfigError naming the file, what is wrong and how to fix it
 */
export function loadJsonModel<A extends Arch, M>(
  dir: string,
  file: string,
  archSchema: z.ZodType<A>,
  expected: { exampleShape: number[]; numClasses: number },
  build: (model: JsonModel<A>) => M,
): M {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ConfigError(`${path}: the model file is missing; ${REEXPORT}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message}); ${REEXPORT}`, { cause: error });
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path}: ${issue.path.join('.') || 'root'}: ${issue.message}; ${REEXPORT}`);
  }
  const arch = archSchema.safeParse(parsed.data.arch);
  if (!arch.success) throw new ConfigError(`${path}: arch: ${arch.error.issues[0].message}; ${REEXPORT}`);
  const { exampleShape, numClasses, weights } = parsed.data;
  const flat = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  if (flat(exampleShape) !== flat(expected.exampleShape) || numClasses !== expected.numClasses) {
    throw new ConfigError(
      `${path}: the model takes [${exampleShape.join(', ')}] examples with ${numClasses} classes, multihop.json ` +
        `[${expected.exampleShape.join(', ')}] with ${expected.numClasses}; ${REEXPORT}`,
    );
  }
  const declared = weights.shapes.reduce((sum, shape) => sum + flat(shape), 0);
  if (declared !== weights.values.length) {
    throw new ConfigError(`${path}: weights hold ${weights.values.length} values, their shapes ${declared}; ${REEXPORT}`);
  }
  try {
    return build({ arch: arch.data, exampleShape, numClasses, weights: { shapes: weights.shapes, values: Float32Array.from(weights.values) } });
  } catch (error) {
    if (error instanceof MultihopError) throw new ConfigError(`${path}: ${error.message}; ${REEXPORT}`, { cause: error });
    throw error;
  }
}

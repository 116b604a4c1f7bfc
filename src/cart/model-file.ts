/**
 * The JSON model file of the tree families (`tree-model.json`, `forest-model.json`): the arch, the
 * example width, the class count and every tree's flat arrays (src/trees/tree-arrays.ts), with
 * thresholds written as the float32 values they are, so a reloaded tree routes rows identically.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, MultihopError, type Arch } from '../core/index.js';
import { packTrees, unpackTrees, type TreeArrays } from '../trees/tree-arrays.js';

const REEXPORT = "export the model again with 'multihop export --force'";
const FORMAT = 'multihop-trees';

const numbers = z.array(z.number());
const modelFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  family: z.string(),
  arch: z.record(z.unknown()),
  features: z.number().int().positive(),
  classes: z.number().int().min(2),
  trees: z
    .array(z.object({ feature: z.array(z.number().int()), threshold: numbers, left: z.array(z.number().int()), right: z.array(z.number().int()), value: numbers }))
    .min(1),
});

/** Writes `trees` of `arch` as `dir/fileName` (dir created if missing). */
export function saveTreeModel(dir: string, fileName: string, arch: Arch, features: number, classes: number, trees: readonly TreeArrays[]): void {
  mkdirSync(dir, { recursive: true });
  const file = {
    format: FORMAT,
    version: 1,
    family: arch.family,
    arch,
    features,
    classes,
    trees: trees.map((tree) => ({
      feature: Array.from(tree.feature),
      threshold: Array.from(tree.threshold),
      left: Array.from(tree.left),
      right: Array.from(tree.right),
      value: Array.from(tree.value),
    })),
  };
  writeFileSync(join(dir, fileName), JSON.stringify(file));
}

/**
 * Reads `dir/fileName` back, checking it is a `family` model for `expected` examples and classes.
 * @throws ConfigError naming the file, what is wrong and how to fix it
 */
export function loadTreeModel(
  dir: string,
  fileName: string,
  family: Arch['family'],
  expected: { exampleShape: number[]; numClasses: number },
): TreeArrays[] {
  const path = join(dir, fileName);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${path}: cannot read a tree model (${(error as Error).message}); ${REEXPORT}`, { cause: error });
  }
  const parsed = modelFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${path}: field '${issue.path.join('.')}' is invalid (${issue.message}); ${REEXPORT}`);
  }
  const file = parsed.data;
  const width = expected.exampleShape.reduce((a, b) => a * b, 1);
  if (file.family !== family || file.features !== width || file.classes !== expected.numClasses) {
    throw new ConfigError(
      `${path}: a '${file.family}' model of ${file.features} features and ${file.classes} classes does not match multihop.json ` +
        `('${family}', ${width} features, ${expected.numClasses} classes); ${REEXPORT}`,
    );
  }
  const trees = file.trees.map((tree, t): TreeArrays => {
    const nodes = tree.feature.length;
    const lengths = [tree.threshold.length, tree.left.length, tree.right.length, tree.value.length / file.classes];
    if (nodes === 0 || lengths.some((length) => length !== nodes)) {
      throw new ConfigError(`${path}: tree ${t} has arrays of different node counts; ${REEXPORT}`);
    }
    if (tree.feature.some((f) => f >= width) || tree.threshold.some((v) => !Number.isFinite(v))) {
      throw new ConfigError(`${path}: tree ${t} splits on a feature beyond ${width - 1} or at a non-finite threshold; ${REEXPORT}`);
    }
    return {
      feature: Int32Array.from(tree.feature),
      threshold: Float32Array.from(tree.threshold),
      left: Int32Array.from(tree.left),
      right: Int32Array.from(tree.right),
      value: Float32Array.from(tree.value),
      outputs: file.classes,
    };
  });
  try {
    return unpackTrees(packTrees(trees));
  } catch (error) {
    if (!(error instanceof MultihopError)) throw error;
    throw new ConfigError(`${path}: ${error.message}; ${REEXPORT}`, { cause: error });
  }
}

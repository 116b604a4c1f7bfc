/**
 * `multihop export --format onnx`: a trained tree, forest, linear or mlp node as `model.onnx`
 * (its family's {@link FamilyRuntime.onnxGraph} with the run's standardisation in front), so that
 * ONNX Runtime in Python, C++ or on mobile runs it without multihop.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ModelWeights, type PreparedData } from '../core/index.js';
import type { FamilyRuntime } from '../models/index.js';
import type { NodeRecord } from '../store/index.js';
import { ONNX_FEATURES, onnxModelBytes } from '../onnx/index.js';
import { EXPORT_FILES, type OnnxExportInfo } from './export-manifest.js';
import { writeExportFile } from './export-folder.js';

/** What the ONNX graph's input holds, for multihop.json, the file's doc string and `--help`. */
export function onnxInputDescription(data: Pick<PreparedData, 'standardisation' | 'exampleShape'>, tabular: boolean): string {
  const features = tabular
    ? 'preprocessing.featureNames in order, each row encoded as preprocessing.encoding says (numeric columns as numbers, a missing value as its column\'s fill; one 0/1 feature per category of a categorical column)'
    : 'preprocessing.featureNames in order (the dataset\'s values, flattened row-major)';
  const scale = data.standardisation
    ? 'NOT standardised: the graph itself subtracts preprocessing.standardisation.mean and divides by its std'
    : 'used as they are (the run did not standardise)';
  return `float32 [N, ${data.exampleShape.reduce((a, b) => a * b, 1)}]: ${features}; ${scale}`;
}

/**
 * Writes `model.onnx` of `node` into `outDir` (created if missing) and returns what multihop.json
 * says about it.
 * @throws ConfigError naming the node when its family has no ONNX form
 */
export async function writeOnnxExport(
  runtime: FamilyRuntime,
  node: NodeRecord,
  data: PreparedData,
  tabular: boolean,
  weights: ModelWeights,
  outDir: string,
): Promise<OnnxExportInfo> {
  if (!runtime.onnxGraph) {
    throw new ConfigError(`node '${node.key}' is ${node.archLabel}, which has no ONNX export (tree, forest, linear and mlp models do); export it with --format model`);
  }
  const graph = runtime.onnxGraph(node.arch, data.exampleShape, data.numClasses, weights);
  const description = onnxInputDescription(data, tabular);
  const bytes = onnxModelBytes(graph, {
    standardisation: data.standardisation,
    doc: `multihop ${node.archLabel} (node ${node.key}). Input '${ONNX_FEATURES}': ${description}. Outputs: ${graph.outputs.map((o) => o.name).join(', ')}; class i is metadata class_names[i].`,
    metadata: { class_names: JSON.stringify(data.classNames), feature_names: JSON.stringify(data.featureNames), arch: node.archLabel },
  });
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`--out ${outDir}: cannot create the folder (${(error as Error).message})`, { cause: error });
  }
  writeExportFile(join(outDir, EXPORT_FILES.onnx), bytes);
  const input = graph.inputs[0];
  return {
    file: EXPORT_FILES.onnx,
    input: { name: input.name, shape: input.dims, description },
    outputs: graph.outputs.map((o) => ({ name: o.name, type: o.type, shape: o.dims })),
    opsets: graph.opsets.map((o) => ({ ...o })),
  };
}

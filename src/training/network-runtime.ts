/**
 * The TF.js side of the network families (mlp, cnn): both are TF.js sequential models built by
 * `buildModel`, so one runtime serves them. Loaded by `ModelFamily.runtime()` only.
 */
import * as tf from '../backend/tfjs.js';
import { ConfigError, DataError, type MlpArch, type ModelWeights, type NetworkArch } from '../core/index.js';
import { ARCH_DEFAULTS, archLabel, type FamilyRuntime, type LoadedModel } from '../models/index.js';
import { denseGraph, type DenseLayer } from '../onnx/index.js';
import { checkLayersModelFiles, REEXPORT } from './layers-model-check.js';
import { fileLoadHandler, fileSaveHandler, LAYERS_MODEL_FILES } from './layers-model-files.js';
import { mlpWeightShapes } from './initial-weights.js';
import { modelFromWeights } from './model-weights.js';
import { predictProbabilities } from './predict.js';
import { computeTeacherSignal } from './teacher-signal.js';
import { trainNode } from './train-node.js';

function loaded(model: tf.LayersModel): LoadedModel {
  return {
    predictProbabilities: (features, count) => predictProbabilities(model, features, count),
    dispose: () => model.dispose(),
  };
}

/**
 * An mlp's dense layers from its weights in `getWeights()` order: kernel [in, out] then bias per
 * `hidden_i`, then the `logits` layer (dropout layers hold no weights).
 * @throws DataError when the stored shapes are not those the arch builds
 */
function mlpLayers(arch: MlpArch, exampleShape: number[], numClasses: number, weights: ModelWeights): DenseLayer[] {
  const widths = [exampleShape.reduce((a, b) => a * b, 1), ...arch.hidden, numClasses];
  const expected = mlpWeightShapes(widths);
  if (JSON.stringify(weights.shapes) !== JSON.stringify(expected)) {
    throw new DataError(`stored weights have shapes ${JSON.stringify(weights.shapes)} but ${archLabel(arch)} needs ${JSON.stringify(expected)}`);
  }
  const activation = arch.activation ?? ARCH_DEFAULTS.activation;
  let offset = 0;
  const take = (size: number) => weights.values.subarray(offset, (offset += size));
  return widths.slice(1).map((units, i) => ({
    kernel: take(widths[i] * units),
    bias: take(units),
    inputs: widths[i],
    units,
    ...(i < arch.hidden.length ? { activation } : {}),
  }));
}

/** Training, probes, prediction and layers-model files for mlp and cnn archs; ONNX graphs for mlp. */
export const networkRuntime: FamilyRuntime<NetworkArch> = {
  train: trainNode,
  teacherSignal: computeTeacherSignal,
  fromWeights(arch, exampleShape, numClasses, weights) {
    return loaded(modelFromWeights(arch, exampleShape, numClasses, weights));
  },
  async saveModel(arch, exampleShape, numClasses, weights, dir) {
    const model = modelFromWeights(arch, exampleShape, numClasses, weights);
    try {
      await model.save(fileSaveHandler(dir));
    } finally {
      model.dispose();
    }
  },
  onnxGraph(arch, exampleShape, numClasses, weights) {
    if (arch.family !== 'mlp') {
      throw new ConfigError(`${archLabel(arch)} has no ONNX export (tree, forest, linear and mlp models do); export it with --format model, a TF.js layers model`);
    }
    return denseGraph(mlpLayers(arch, exampleShape, numClasses, weights));
  },
  async loadModel(dir, expected) {
    checkLayersModelFiles(dir);
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel(fileLoadHandler(dir));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`${dir}: TF.js cannot load the model (${(error as Error).message}); ${REEXPORT}`, { cause: error });
    }
    const classes = model.outputs[0]?.shape[1];
    const inputShape = model.inputs[0]?.shape.slice(1);
    const flat = expected.exampleShape.reduce((a, b) => a * b, 1);
    if (classes !== expected.numClasses || JSON.stringify(inputShape) !== JSON.stringify([flat])) {
      model.dispose();
      throw new ConfigError(
        `${dir}: ${LAYERS_MODEL_FILES.model} (input ${JSON.stringify(inputShape)}, ${classes} outputs) does not match multihop.json ` +
          `(input [${flat}], ${expected.numClasses} classes); ${REEXPORT}`,
      );
    }
    return loaded(model);
  },
};

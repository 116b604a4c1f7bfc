/**
 * The TF.js side of the network families (mlp, cnn): both are TF.js sequential models built by
 * `buildModel`, so one runtime serves them. Loaded by `ModelFamily.runtime()` only.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError, type NetworkArch } from '../core/index.js';
import type { FamilyRuntime, LoadedModel } from '../models/index.js';
import { checkLayersModelFiles, REEXPORT } from './layers-model-check.js';
import { fileLoadHandler, fileSaveHandler, LAYERS_MODEL_FILES } from './layers-model-files.js';
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

/** Training, probes, prediction and layers-model files for mlp and cnn archs. */
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

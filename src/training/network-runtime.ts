/**
 * The TF.js side of the network families (mlp, cnn): both are TF.js sequential models built by
 * `buildModel`, so one runtime serves them. Loaded by `ModelFamily.runtime()` only.
 */
import * as tf from '@tensorflow/tfjs';
import type { Arch } from '../core/index.js';
import type { FamilyRuntime, LoadedModel } from '../models/index.js';
import { fileLoadHandler, fileSaveHandler } from './layers-model-files.js';
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
export const networkRuntime: FamilyRuntime<Arch> = {
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
  async loadModel(dir) {
    return loaded(await tf.loadLayersModel(fileLoadHandler(dir)));
  },
};

/**
 * The linear family's runtime (pure TypeScript): multinomial logistic regression fitted to
 * convergence by L-BFGS from zero weights (linear-model.ts gives the objective), so training is
 * deterministic and the seed is not needed.
 *
 * Per-example weights scale each row's cross-entropy (rows of weight 0 are dropped); soft targets
 * replace the one-hot label by the KD mixture q = (1−α)·onehot(y) + α·softmax(z_T/τ) (class-targets.ts,
 * after Hinton, Vinyals & Dean 2015). ml-logistic-regression (npm) could not serve: it fits
 * one-vs-rest binary models by fixed-step gradient ascent with no intercept, no L2, no example
 * weights and no soft targets.
 */
import type { EpochRecord, LinearArch } from '../core/index.js';
import type { FamilyRuntime, LoadedModel } from '../models/index.js';
import { linearFamily } from '../models/linear-family.js';
import { logitsOf } from '../fit/index.js';
import { loadJsonModel, saveJsonModel } from '../fit/index.js';
import { linearCoefficients } from './linear-readable.js';
import { denseGraph } from '../onnx/index.js';
import { minimiseLbfgs } from './lbfgs.js';
import { checkLinearWeights, linearObjectiveFor, linearProbabilities, packLinear, type LinearProblem } from './linear-model.js';
import { epochRecord, fitSetup, outputProbe, pureTrainResult } from '../fit/index.js';

/** The file a linear model is exported to. */
const MODEL_FILE = linearFamily.exportFiles[0];
/** Iteration cap of the solver; far above what standardised tabular data needs (tens to a few hundred). */
export const LINEAR_MAX_ITERATIONS = 2000;
/** Converged when every partial derivative of the (per-example mean) objective is below this. */
const GRADIENT_TOLERANCE = 1e-6;

const flat = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Training, the output probe, prediction and linear-model.json files for linear archs. */
export const linearRuntime: FamilyRuntime<LinearArch> = {
  async train(data, arch, _settings, inputs, _seed, options = {}) {
    const started = performance.now();
    const { width, classes, split, rows } = fitSetup(data, inputs, options);
    const problem: LinearProblem = { ...rows, width, classes, l2: linearFamily.canonical(arch).l2 ?? 0 };
    const history: EpochRecord[] = [];
    const solved = minimiseLbfgs(linearObjectiveFor(problem), new Float64Array((width + 1) * classes), {
      maxIterations: LINEAR_MAX_ITERATIONS,
      gradientTolerance: GRADIENT_TOLERANCE,
      onIteration(iteration, value, w) {
        const record = epochRecord(iteration, value, data, linearProbabilities(w, data.validation.features, data.validation.count, width, classes));
        history.push(record);
        options.onEpoch?.(record);
      },
    });
    const weights = packLinear(solved.x, width, classes);
    const predict = (features: Float32Array, count: number) => linearProbabilities(weights.values, features, count, width, classes);
    if (history.length === 0) history.push(epochRecord(1, solved.value, data, predict(data.validation.features, data.validation.count)));
    return pureTrainResult(data, split, predict, { weights, epochs: history.length, history }, started);
  },

  async teacherSignal(data, arch, weights) {
    const model = linearRuntime.fromWeights(arch, data.exampleShape, data.numClasses, weights);
    const train = model.predictProbabilities(data.train.features, data.train.count);
    const validation = model.predictProbabilities(data.validation.features, data.validation.count);
    return { trainLogits: logitsOf(train), probes: [outputProbe('output', data, train, validation)] };
  },

  fromWeights(_arch, exampleShape, numClasses, weights): LoadedModel {
    const width = flat(exampleShape);
    checkLinearWeights(weights, width, numClasses);
    const values = Float32Array.from(weights.values);
    return {
      predictProbabilities: (features, count) => linearProbabilities(values, features, count, width, numClasses),
      dispose: () => undefined,
    };
  },

  async saveModel(arch, exampleShape, numClasses, weights, dir) {
    checkLinearWeights(weights, flat(exampleShape), numClasses);
    saveJsonModel(dir, MODEL_FILE, { arch: linearFamily.canonical(arch), exampleShape, numClasses, weights });
  },

  async loadModel(dir, expected) {
    return loadJsonModel(dir, MODEL_FILE, linearFamily.schema, expected, (model) =>
      linearRuntime.fromWeights(model.arch, model.exampleShape, model.numClasses, model.weights),
    );
  },

  onnxGraph(_arch, exampleShape, numClasses, weights) {
    const width = flat(exampleShape);
    checkLinearWeights(weights, width, numClasses);
    const intercepts = width * numClasses;
    return denseGraph([{ kernel: weights.values.subarray(0, intercepts), bias: weights.values.subarray(intercepts), inputs: width, units: numClasses }]);
  },

  readable(_arch, weights, features) {
    checkLinearWeights(weights, features.names.length, features.classNames.length);
    return linearCoefficients(weights, features);
  },
};

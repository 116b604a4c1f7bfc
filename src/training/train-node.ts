import {
  ConfigError,
  DataError,
  TrainingError,
  createRng,
  deriveSeed,
  type NetworkArch,
  type EpochRecord,
  type ModelWeights,
  type PreparedData,
  type SplitPart,
  type TrainInputs,
  type TrainResult,
  type TrainSettings,
} from '../core/index.js';
import { checkExtraRows, checkExtraRowsCombination } from '../fit/index.js';
import type { TrainOptions } from '../models/index.js';
import { softTargetArrays } from './soft-targets.js';
import { FusedMlpTrainer } from './fused-mlp-step.js';
import type { NodeStep } from './tfjs-step.js';
import { knownBackendName, loadTfjs } from '../backend/backend-state.js';

/**
 * Trains one node: `buildModel(arch, …, seed)`, Adam, seeded shuffled mini-batches, early stopping
 * on validation cross-entropy with `patience`, best weights restored.
 *
 * Batch loss = mean_i w_i·ℓ_i over the batch (+ weightDecay/2 · Σ‖kernel‖² when weightDecay > 0),
 * with ℓ_i plain cross-entropy, or the KD loss when
 * `inputs.softTargets` is set; w_i = `inputs.sampleWeights` (1 when absent), and examples with
 * w_i = 0 never enter a batch. `inputs.extraRows` (compression's synthetic rows) join the shuffled
 * batches with weight 1 and ℓ_i = −Σ_c q_ic·log softmax(z_S)_c against their own target
 * distribution q_i. `train` metrics and probabilities in the result are on the split's rows
 * (unweighted cross-entropy, extra rows left out); the same seed on the same backend gives the
 * same result.
 */
export async function trainNode(
  data: PreparedData,
  arch: NetworkArch,
  settings: TrainSettings,
  inputs: TrainInputs,
  seed: number,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const started = performance.now();
  checkSettings(settings);
  const trainOn = options.trainOn ?? 'train';
  const split = trainingSplit(data, trainOn, inputs);
  if (data.validation.count === 0) {
    throw new DataError(`dataset '${data.name}' has an empty validation split; early stopping needs one`);
  }
  const numClasses = data.numClasses;
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const extra = inputs.extraRows;
  if (extra) {
    checkExtraRowsCombination(inputs);
    checkExtraRows(extra, width, numClasses);
  }
  const active = activeExamples(split, inputs, numClasses);

  const soft = inputs.softTargets;
  const teacher = soft ? softTargetArrays(soft.teacherLogits, split.count, numClasses, soft.temperature) : null;
  const decay = settings.weightDecay ?? 0;
  const rows = { split, inputs, teacher };
  // One native call per batch for dense networks when the addon and backend allow
  // (fused-mlp-step.ts), from the weights buildModel would give; else TF.js (tfjs-step.ts).
  // The fused step's check needs the backend's name: TF.js's, or the one this worker planned.
  await knownBackendName();
  const step: NodeStep =
    FusedMlpTrainer.create(arch, width, numClasses, seed, settings.learningRate, decay, rows) ??
    (await tfjsStep(arch, data.exampleShape, numClasses, seed, settings.learningRate, decay, rows));

  try {
    const rng = createRng(deriveSeed(seed, 'batches'));
    const history: EpochRecord[] = [];
    let best: ModelWeights | null = null;
    let bestLoss = Number.POSITIVE_INFINITY;
    let sinceBest = 0;
    for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
      const order = rng.shuffle(active.slice());
      const loss = step.epoch(order, settings.batchSize);
      if (!Number.isFinite(loss)) {
        throw new TrainingError(
          `training ${JSON.stringify(arch)} on '${data.name}' diverged at epoch ${epoch} (loss ${loss}); lower the learning rate or check the teacher logits for non-finite values`,
        );
      }
      const validation = step.evaluate(data.validation).metrics;
      const record: EpochRecord = { epoch, loss, valLoss: validation.loss, valAccuracy: validation.accuracy };
      history.push(record);
      options.onEpoch?.(record);
      if (validation.loss < bestLoss) {
        bestLoss = validation.loss;
        sinceBest = 0;
        best = step.weights();
      } else if (++sinceBest >= settings.patience) {
        break;
      }
    }
    if (best) step.restore(best);
    const trained = step.evaluate(split);
    const validation = step.evaluate(data.validation);
    const test = step.evaluate(data.test);
    return {
      weights: step.weights(),
      train: trained.metrics,
      validation: validation.metrics,
      test: test.metrics,
      epochs: history.length,
      wallMs: performance.now() - started,
      history,
      probabilities: { train: trained.probabilities, validation: validation.probabilities, test: test.probabilities },
    };
  } finally {
    step.dispose();
  }
}

/** The TF.js step, loading TF.js (and a worker's planned backend) only now. */
async function tfjsStep(...args: ConstructorParameters<typeof import('./tfjs-step.js').TfjsStep>): Promise<NodeStep> {
  await loadTfjs();
  const { TfjsStep } = await import('./tfjs-step.js');
  return new TfjsStep(...args);
}

function checkSettings(settings: TrainSettings): void {
  const positiveInt = (name: 'maxEpochs' | 'batchSize' | 'patience', min: number): void => {
    const value = settings[name];
    if (!Number.isInteger(value) || value < min) {
      throw new ConfigError(`training setting '${name}' must be an integer ≥ ${min}; got ${value}`);
    }
  };
  positiveInt('maxEpochs', 1);
  positiveInt('batchSize', 1);
  positiveInt('patience', 0);
  if (!(settings.learningRate > 0) || !Number.isFinite(settings.learningRate)) {
    throw new ConfigError(`training setting 'learningRate' must be a number > 0; got ${settings.learningRate}`);
  }
  const decay = settings.weightDecay ?? 0;
  if (!(decay >= 0) || !Number.isFinite(decay)) throw new ConfigError(`training setting 'weightDecay' must be a number ≥ 0; got ${decay}`);
}

function trainingSplit(data: PreparedData, trainOn: 'train' | 'rootTrain', inputs: TrainInputs): SplitPart {
  if (trainOn === 'train') return data.train;
  if (!data.rootTrain || data.rootTrain.count === 0) {
    throw new ConfigError(`trainOn 'rootTrain' needs rows reserved for the root; set the split option rootShare > 0`);
  }
  if (inputs.sampleWeights || inputs.softTargets || inputs.extraRows) {
    throw new ConfigError(`transfer inputs describe the 'train' split; they cannot be used with trainOn 'rootTrain'`);
  }
  return data.rootTrain;
}

/**
 * Indices of the rows that enter batches: every row of the split, or those with a positive weight,
 * then every extra row (indices from split.count on).
 */
function activeExamples(split: SplitPart, inputs: TrainInputs, numClasses: number): Int32Array {
  const real = activeSplitRows(split, inputs, numClasses);
  const extra = inputs.extraRows?.count ?? 0;
  if (extra === 0) return real;
  const rows = new Int32Array(real.length + extra);
  rows.set(real);
  for (let j = 0; j < extra; j++) rows[real.length + j] = split.count + j;
  return rows;
}

function activeSplitRows(split: SplitPart, inputs: TrainInputs, numClasses: number): Int32Array {
  const { sampleWeights, softTargets } = inputs;
  if (softTargets && softTargets.teacherLogits.length !== split.count * numClasses) {
    throw new DataError(
      `teacher logits have ${softTargets.teacherLogits.length} values; expected ${split.count} training rows × ${numClasses} classes`,
    );
  }
  if (!sampleWeights) return Int32Array.from({ length: split.count }, (_, i) => i);
  if (sampleWeights.length !== split.count) {
    throw new DataError(`sample weights have ${sampleWeights.length} entries but the training split has ${split.count} rows`);
  }
  const rows: number[] = [];
  for (let i = 0; i < sampleWeights.length; i++) {
    const weight = sampleWeights[i];
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new DataError(`sample weight ${i} is ${weight}; weights must be finite and ≥ 0`);
    }
    if (weight > 0) rows.push(i);
  }
  if (rows.length === 0) throw new DataError('every sample weight is 0; nothing to train on');
  return Int32Array.from(rows);
}

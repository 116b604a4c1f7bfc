import { DataError, type StudentScratchSignal, type TrainResult } from '../core/index.js';

/**
 * The signal ProfWeight (α-margin) and SRatio read from the student architecture trained from
 * scratch: its validation accuracy and its probability of the true label on each training example.
 * `result` must come from training on the same training split that `trainLabels` describes.
 */
export function studentScratchSignal(result: TrainResult, trainLabels: Int32Array): StudentScratchSignal {
  const probabilities = result.probabilities.train;
  const count = trainLabels.length;
  const numClasses = count > 0 ? probabilities.length / count : 0;
  if (count === 0 || !Number.isInteger(numClasses) || numClasses < 1) {
    throw new DataError(
      `scratch result has ${probabilities.length} training probabilities, not a multiple of the ${count} training labels`,
    );
  }
  const trainTrueConfidence = new Float32Array(count);
  for (let i = 0; i < count; i++) trainTrueConfidence[i] = probabilities[i * numClasses + trainLabels[i]];
  return { validationAccuracy: result.validation.accuracy, trainTrueConfidence };
}

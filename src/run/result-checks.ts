/**
 * Telling a result from a failure that looks like one: training that diverged (a non-finite loss)
 * or a model stuck at chance. Such nodes are flagged in the store, shown in the output and the
 * report, and a complex model at chance stops the run: every transfer from it would be noise.
 */
import { TrainingError, type HopSpec, type NodeOutcome, type TrainSettings } from '../core/index.js';
import type { TrainedNode } from '../hop/index.js';
import type { ResultsStore } from '../store/index.js';

/** Within this of the chance level, a model has learned nothing. */
export const CHANCE_MARGIN = 0.01;
/** A scratch model this far above chance shows the task is learnable at that size. */
export const LEARNABLE_MARGIN = 0.1;

/** What a model that learned nothing scores on a run's validation split. */
export interface ChanceLevels {
  /** Accuracy of always answering the most frequent class. */
  accuracy: number;
  /** Cross-entropy of answering every class with equal probability: ln(classes). */
  loss: number;
}

export function chanceLevels(labels: Int32Array, numClasses: number): ChanceLevels {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of labels) counts[label] += 1;
  return { accuracy: labels.length === 0 ? 0 : Math.max(...counts) / labels.length, loss: Math.log(numClasses) };
}

export function atChance(accuracy: number, chance: ChanceLevels): boolean {
  return !(accuracy > chance.accuracy + CHANCE_MARGIN);
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/**
 * Why a result is suspect from the result alone: a loss that became NaN or infinite, or a best
 * validation cross-entropy above twice that of guessing uniformly after more than one epoch or
 * round. Iterative training starts near the uniform guess and early stopping keeps the best
 * epoch, so a model that ends that far above it was pushed away by its updates (a learning rate
 * far too large), not fitted.
 */
export function divergedWarning(result: TrainedNode, chance: ChanceLevels): string | null {
  const epoch = result.history.find((e) => !Number.isFinite(e.loss) || !Number.isFinite(e.valLoss));
  if (epoch) return `training diverged: the loss became ${Number.isNaN(epoch.loss) || Number.isNaN(epoch.valLoss) ? 'NaN' : 'infinite'} at epoch ${epoch.epoch + 1}`;
  if (!Number.isFinite(result.train.loss) || !Number.isFinite(result.validation.loss)) return 'training diverged: the final loss is not finite';
  // Only for models fitted by iterating (networks, linear, boosting): a single tree's pure leaves
  // are confidently wrong on some rows by construction, which is no divergence.
  if (result.history.length > 1 && result.validation.loss > 2 * chance.loss) {
    return `training diverged: validation cross-entropy ${result.validation.loss.toPrecision(3)} against ${chance.loss.toPrecision(3)} for guessing uniformly`;
  }
  return null;
}

/** The error for a complex model that learned nothing: nothing can be transferred from it. */
export function rootAtChance(label: string, accuracy: number, chance: ChanceLevels, settings: TrainSettings | undefined): TrainingError {
  const lr = settings ? ` (learning rate ${settings.learningRate}, ${settings.maxEpochs} epochs)` : '';
  return new TrainingError(
    `the complex model ${label} stayed at chance: validation ${pct(accuracy)}, where always answering the most frequent class gives ${pct(chance.accuracy)}; ` +
      `check its training settings${lr} in the search space and the data`,
  );
}

/** The warning of a node at chance while scratch of its arch is well above (null when not). */
export function atChanceWarning(accuracy: number, chance: ChanceLevels, scratchBest: number | null): string | null {
  if (!atChance(accuracy, chance) || scratchBest === null || scratchBest < chance.accuracy + LEARNABLE_MARGIN) return null;
  return `at chance: validation ${pct(accuracy)} (most frequent class ${pct(chance.accuracy)}) while the same model from scratch reaches ${pct(scratchBest)}`;
}

/**
 * Flags every done node at chance whose architecture trained from scratch is well above chance
 * (the transfer, not the task, failed), once the run's nodes are all trained.
 * @param outcomes the run's node outcomes (the ledger's), when the caller has them
 * @returns the flagged nodes' keys and warnings
 */
export function flagNodesAtChance(
  store: ResultsStore,
  runId: string,
  chance: ChanceLevels,
  outcomes: readonly NodeOutcome[] = store.nodeOutcomes(runId),
): Array<{ key: string; warning: string }> {
  // Only a node at chance is flagged: when none is, the full rows (histories and all) are not read.
  if (!outcomes.some((o) => o.status === 'done' && o.validationAccuracy !== null && atChance(o.validationAccuracy, chance))) return [];
  const nodes = store.listNodes(runId).filter((n) => n.status === 'done' && n.validation !== null);
  const scratchBest = new Map<string, number>();
  for (const node of nodes) {
    if (node.method !== 'scratch') continue;
    scratchBest.set(node.archLabel, Math.max(scratchBest.get(node.archLabel) ?? 0, node.validation!.accuracy));
  }
  const flagged: Array<{ key: string; warning: string }> = [];
  for (const node of nodes) {
    if (node.warning !== null || node.method === 'scratch' || node.method === 'root') continue;
    const warning = atChanceWarning(node.validation!.accuracy, chance, scratchBest.get(node.archLabel) ?? null);
    if (warning) {
      store.setNodeWarning(runId, node.key, warning);
      flagged.push({ key: node.key, warning });
    }
  }
  return flagged;
}

/** Whether `hop` is the complex model. */
export const isRoot = (hop: Pick<HopSpec, 'method'>) => hop.method === 'root';

/**
 * The targets of a budget run (docs/design.md §4, "Budget targets"): proposed by the pure search
 * side within the budget's arithmetic limits, then, when the budget limits latency, measured on
 * this machine one by one (an untrained-but-fitted model of each arch timed on a batch of
 * validation rows) and kept only when fast enough. Resolved once when a run starts and stored
 * with its config, so a resumed run trains the same targets whatever the machine measures later.
 */
import { ConfigError, type Arch, type PreparedData, type SplitPart } from '../core/index.js';
import { archLabel, complexityOf, familyOf } from '../models/index.js';
import type { RunConfig } from '../config/index.js';
import {
  budgetFamilies,
  budgetFlags,
  budgetLadders,
  budgetViolation,
  selectBudgetTargets,
  type Budget,
  type BudgetTarget,
  type ProposerContext,
} from '../search/index.js';

/** Rows a latency model is fitted on: enough for a tree to grow to its depth, few enough to be quick. */
const FIT_ROWS = 256;
/** Rows timed per repeat, and repeats (the median is kept). */
const BATCH_ROWS = 256;
const REPEATS = 7;
/** Untimed batches first: the first calls of a family's prediction code are slower (JIT, buffers). */
const WARM_UPS = 3;

function head(part: SplitPart, rows: number, width: number): SplitPart {
  const count = Math.min(rows, part.count);
  return { features: part.features.subarray(0, count * width), labels: part.labels.subarray(0, count), count };
}

/**
 * Median microseconds per example of `arch`'s model predicting a batch of validation rows, after
 * a few warm-up batches. The model is fitted for one epoch on a few training rows (trees need a fit
 * to have their depth; a network's speed does not depend on its weights).
 */
export async function measureLatencyUs(arch: Arch, data: PreparedData, training: RunConfig['space']['training']): Promise<number> {
  const width = data.exampleShape.reduce((a, b) => a * b, 1);
  const sample: PreparedData = {
    ...data,
    train: head(data.train, FIT_ROWS, width),
    validation: head(data.validation, 64, width),
    test: head(data.test, 64, width),
    rootTrain: undefined,
  };
  const runtime = await familyOf(arch).runtime();
  const trained = await runtime.train(sample, arch, { ...training, maxEpochs: 1 }, {}, 0);
  const model = runtime.fromWeights(arch, data.exampleShape, data.numClasses, trained.weights);
  try {
    const batch = head(data.validation.count > 0 ? data.validation : data.train, BATCH_ROWS, width);
    for (let i = 0; i < WARM_UPS; i++) model.predictProbabilities(batch.features, batch.count);
    const perExample: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      model.predictProbabilities(batch.features, batch.count);
      perExample.push(((performance.now() - started) * 1000) / batch.count);
    }
    perExample.sort((a, b) => a - b);
    return perExample[Math.floor(REPEATS / 2)];
  } finally {
    model.dispose();
  }
}

/**
 * The targets of a run with a budget, largest first, each with its measured latency when the
 * budget limits latency.
 *
 * @param startBackend starts the run's backend; called before the first latency measurement
 * @throws ConfigError when the space's own target breaks the budget, or no arch of the allowed
 *   families fits it
 */
export async function resolveBudgetTargets(
  config: RunConfig,
  data: PreparedData,
  budget: Budget,
  startBackend: () => Promise<unknown>,
): Promise<BudgetTarget[]> {
  const { space } = config;
  const ctx: ProposerContext = { space, complexity: (arch) => complexityOf(arch, data.exampleShape, data.numClasses) };
  const measured = new Map<string, number>();
  const latency = async (arch: Arch): Promise<number> => {
    const id = JSON.stringify(arch);
    if (!measured.has(id)) {
      await startBackend();
      measured.set(id, await measureLatencyUs(arch, data, space.training));
    }
    return measured.get(id)!;
  };
  const limitsLatency = budget.maxLatencyUs !== undefined;
  const target = space.target.arch;
  // Arithmetic first: a target too big is refused without starting a backend to time it.
  const broken = budgetViolation(ctx.complexity(target), budget) ?? (limitsLatency ? budgetViolation(ctx.complexity(target), budget, await latency(target)) : null);
  if (broken) {
    throw new ConfigError(
      `${space.source}: target.arch ${archLabel(target)} breaks the budget (${broken}); with a budget the targets come from the budget, so give a space whose target fits it or loosen ${budgetFlags(budget)}`,
    );
  }
  const ladders = budgetLadders(budget, ctx);
  if (limitsLatency) for (const arch of ladders.flat()) await latency(arch);
  const targets = selectBudgetTargets(ladders, budget, ctx, limitsLatency ? (arch) => measured.get(JSON.stringify(arch))! : undefined);
  if (targets.length === 0) {
    throw new ConfigError(
      `no ${budgetFamilies(ctx).join(', ')} model smaller than the complex model fits ${budgetFlags(budget)} on '${config.dataset}'; loosen the budget`,
    );
  }
  return targets;
}

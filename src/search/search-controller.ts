import { ConfigError } from '../core/index.js';
import type { Arch, Complexity, HopSpec, MethodKey, MethodParams, NodeOutcome, TrainSettings } from '../core/index.js';
import { archLabel, complexityOf, families } from '../models/index.js';
import type { Proposer, ProposerContext } from './proposer.js';
import { PENDING, PlanState, SearchRun } from './search-run.js';
import { transferMethods } from '../transfer/index.js';
import { checkSeeds } from './seeds.js';
import { trainSettingsFor } from './search-space.js';
import type { SearchSpace } from './search-space.js';
import type { ResolvedSearch, SearchResult, TransferConfig } from './search-types.js';
import type { Registry } from '../core/index.js';
import type { Strategy } from './strategy.js';

/** A transfer method the run should try, with its default parameter grid (the space may replace it). */
export interface MethodGrid {
  key: MethodKey;
  grid: MethodParams[];
  /** Default: true for profweight and sratio. */
  needsStudentScratch?: boolean;
}

/** How the runner asks for a search; everything else comes from the space. */
export interface ControllerSettings {
  /** 'one-hop' | 'greedy' | 'beam' | 'exhaustive' (see `strategies`). */
  strategy: string;
  /** Methods besides scratch (the target is always trained from scratch too, as the baseline row; listing scratch is allowed and ignored). */
  methods: MethodGrid[];
  /** Replicate seeds: seed i of every intermediate teaches seed i of its students. The root uses seeds[0]. */
  seeds: number[];
  /** Shape of one example and the class count of the dataset, for complexities. */
  exampleShape: number[];
  numClasses: number;
  /** Beam width for 'beam' (default: the space's, else 2). */
  beamWidth?: number;
  /** Proposer keys (default: 'pool' when the space has candidates, 'geometric' when it has `construct`). */
  proposers?: string[];
  /** Mixed into every hop key, e.g. the dataset hash and split, so different data never share nodes. */
  keySalt?: string;
  /**
   * Try scratch as a config of intermediates too (default: the space's `scratchIntermediates`,
   * else false, so every chain is rooted at the complex model). When on and scratch wins, the
   * chain restarts at that parentless node, e.g. mlp[12] (scratch) → target (kd), and no longer
   * starts at the complex model.
   */
  scratchIntermediates?: boolean;
  /**
   * The root is the user's own model (`--teacher`), recorded by the runner, never trained: its
   * link shows this label and the complexity stored with its node. The space's root arch still
   * bounds what the proposers suggest.
   */
  externalRoot?: { label: string };
  /**
   * Budget runs: the targets to search, each like the space's target (scratch, 1-hop and chains),
   * over one shared set of nodes (hop keys do not depend on the target). Absent: the space's target.
   */
  targets?: Arch[];
  /** Override the space's minGain / maxDepth. */
  minGain?: number;
  maxDepth?: number;
}

/** Hops done, failed and still open among the nodes the search knows of so far. */
export interface SearchProgress {
  done: number;
  failed: number;
  /** Not trained yet: the hops of this step plus those waiting on them. */
  open: number;
  /** done + failed + open: the total so far (grows as the search proceeds). */
  known: number;
  /**
   * The best complete taught chain measured so far (every seed of its target trained), by its
   * target's mean validation accuracy over seeds: what the search decides on. Scratch is a
   * baseline, never counted. The selected chain can still be shorter: a longer one must beat it
   * by more than minGain.
   */
  best?: { label: string; validation: number };
}

/** What the runner does next: train these hops, or store the result. */
export type PlanStep =
  | { kind: 'run'; hops: HopSpec[]; progress: SearchProgress }
  | { kind: 'done'; result: SearchResult; progress: SearchProgress };

/**
 * The pure search controller. `plan` is a function of (space, settings, outcomes) alone: to
 * resume, call it again with what the store holds.
 */
export interface SearchController {
  readonly search: ResolvedSearch;
  plan(outcomes: readonly NodeOutcome[]): PlanStep;
  /** Training settings for a hop this controller emitted (the root has its own). */
  trainSettingsFor(hop: Pick<HopSpec, 'role'>): TrainSettings;
}

function resolveConfigs(space: SearchSpace, methods: MethodGrid[]): TransferConfig[] {
  const seen = new Set<MethodKey>();
  const configs: TransferConfig[] = [];
  for (const method of methods) {
    if (method.key === 'scratch') continue;
    if (seen.has(method.key)) throw new ConfigError(`method '${method.key}' is listed twice`);
    seen.add(method.key);
    const grid = space.methods[method.key] ?? method.grid;
    if (grid.length === 0) throw new ConfigError(`method '${method.key}' has an empty parameter grid`);
    const needsStudentScratch = method.needsStudentScratch ?? transferMethods.get(method.key).needsStudentScratch;
    for (const params of grid) configs.push({ method: method.key, params, needsStudentScratch });
  }
  return configs;
}

/**
 * Builds a controller after checking the settings against the space.
 *
 * @param strategies the strategy registry to resolve `settings.strategy` in
 * @param proposers the proposer registry to resolve `settings.proposers` in
 * @throws ConfigError for an unknown strategy or proposer, bad seeds, or a target that is not
 *   smaller than the root
 */
export function buildController(
  space: SearchSpace,
  settings: ControllerSettings,
  strategies: Registry<Strategy>,
  proposers: Registry<Proposer>,
): SearchController {
  const strategy = strategies.get(settings.strategy);
  checkSeeds(settings.seeds);
  const cache = new Map<string, Complexity>();
  const proposerContext: ProposerContext = {
    space,
    complexity(arch: Arch): Complexity {
      const id = JSON.stringify(arch);
      let complexity = cache.get(id);
      if (complexity === undefined) {
        complexity = complexityOf(arch, settings.exampleShape, settings.numClasses);
        cache.set(id, complexity);
      }
      return complexity;
    },
  };
  const paramsOf = (arch: Arch, path: string): number => {
    try {
      return proposerContext.complexity(arch).params;
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`${space.source}: ${path}: ${error.message}`, { cause: error });
      throw error;
    }
  };
  const rootParams = paramsOf(space.root.arch, 'root.arch');
  const targets = settings.targets ?? [space.target.arch];
  if (targets.length === 0) throw new ConfigError(`${space.source}: no target to search`);
  for (const target of targets) {
    const targetParams = paramsOf(target, settings.targets ? `budget target ${archLabel(target)}` : 'target.arch');
    if (targetParams >= rootParams) {
      throw new ConfigError(
        `${space.source}: ${settings.targets ? `budget target ${archLabel(target)}` : 'target.arch'} has ${targetParams} parameters on this dataset, ` +
          `not fewer than root.arch's ${rootParams}; pick a smaller target`,
      );
    }
  }
  space.candidates.forEach((arch, i) => paramsOf(arch, `candidates[${i}]`));
  // A family constructed from its seed must take this dataset's examples (no cnn on table rows).
  space.construct?.families?.forEach((key, i) => {
    const seed = families.get(key).constructionSeed;
    if (seed) paramsOf(seed, `construct.families[${i}]`);
  });
  const proposerKeys =
    settings.proposers ?? [...(space.candidates.length > 0 ? ['pool'] : []), ...(space.construct ? ['geometric'] : [])];
  const beamWidth = settings.beamWidth ?? space.beamWidth ?? 2;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new ConfigError(`beamWidth: expected a positive integer, got ${beamWidth}`);
  const search: ResolvedSearch = {
    space,
    strategy: strategy.key,
    seeds: [...settings.seeds],
    configs: resolveConfigs(space, settings.methods),
    minGain: settings.minGain ?? space.minGain,
    // A space stored by an older version has no standardErrors: it keeps deciding by minGain alone.
    standardErrors: space.standardErrors ?? 0,
    maxDepth: settings.maxDepth ?? space.maxDepth,
    beamWidth,
    scratchIntermediates: settings.scratchIntermediates ?? space.scratchIntermediates ?? false,
    proposers: proposerKeys.map((key) => proposers.get(key)),
    proposerContext,
    keySalt: settings.keySalt ?? '',
    ...(settings.externalRoot ? { externalRoot: { ...settings.externalRoot } } : {}),
  };
  const searches = targets.map((arch): ResolvedSearch => ({ ...search, space: { ...space, target: { arch } } }));
  return {
    search: searches[0],
    plan(outcomes) {
      const state = new PlanState();
      // Every target's search asks for what it needs now, so one plan emits the hops of all of them.
      const outcomesByTarget = searches.map((s) => strategy.search(new SearchRun(s, outcomes, state)));
      const progress = state.progress();
      const results = outcomesByTarget.filter((r): r is SearchResult => r !== PENDING);
      if (results.length === searches.length) return { kind: 'done', result: settings.targets ? combineTargets(results) : results[0], progress };
      if (state.needed.size === 0) {
        throw new Error(`search strategy '${strategy.key}' is waiting on nodes but asked for none (a bug)`);
      }
      return { kind: 'run', hops: [...state.needed.values()], progress };
    },
    trainSettingsFor: (hop) => trainSettingsFor(space, hop.role),
  };
}

/** The best simple model's validation of a target's result: its scratch, best 1-hop or selected chain. */
function bestSimpleValidation(result: SearchResult): number {
  const scores = [result.scratch?.meanValidation, result.oneHop?.best.meanValidation, result.best?.meanValidation];
  return Math.max(...scores.map((v) => (v === undefined || !Number.isFinite(v) ? Number.NEGATIVE_INFINITY : v)));
}

function targetParams(result: SearchResult): number {
  return (result.scratch ?? result.oneHop?.best ?? result.best?.links.at(-1))?.complexity.params ?? Number.POSITIVE_INFINITY;
}

/** A budget run's result: the target holding the best simple model leads (the smaller on a tie), every target listed. */
function combineTargets(results: SearchResult[]): SearchResult {
  let lead = results[0];
  for (const result of results) {
    const [score, leadScore] = [bestSimpleValidation(result), bestSimpleValidation(lead)];
    if (score > leadScore || (score === leadScore && targetParams(result) < targetParams(lead))) lead = result;
  }
  return { ...lead, targets: [lead, ...results.filter((r) => r !== lead)] };
}

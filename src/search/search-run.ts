import type { Arch, HopSpec, NodeOutcome } from '../core/index.js';
import { archLabel } from '../models/index.js';
import { hopKey } from './hop-key.js';
import { dedupeArchs, isStrictlyBetween } from './proposer.js';
import { trainSettingsFor } from './search-space.js';
import type { SearchProgress } from './search-controller.js';
import type { ChainLink, ChainResult, ResolvedSearch, SearchResult, TransferConfig } from './search-types.js';

/** Returned by every evaluation step whose nodes are not all trained yet. */
export const PENDING: unique symbol = Symbol('pending');
export type Pending = typeof PENDING;

/** A node as the search sees it: trained with a validation accuracy, failed for good, or not yet run. */
type NodeState = { status: 'done'; validation: number } | { status: 'failed' } | { status: 'open' };

/** A chain that does not end at the target yet, with the best target score reached through it. */
export interface PartialChain {
  links: ChainLink[];
  score: number;
}

/** A partial chain extended by one intermediate, and the chain it completes with its best target config. */
export interface Expansion extends PartialChain {
  parentScore: number;
  complete: ChainResult;
}

/**
 * The scratch baseline and the 1-hop results every strategy starts from. Scratch is measured
 * and reported, but it is no chain of the search: the selection starts at the best 1-hop
 * (docs/design.md §4.1), so a gain of the selected chain over 1-hop is always a gain of transfer.
 */
export interface Baseline {
  root: ChainLink | null;
  scratch: ChainLink | null;
  oneHop: { best: ChainLink; configs: ChainLink[] } | null;
  /**
   * The chain root → target with the best 1-hop config, where longer chains start competing;
   * null when the root failed or no 1-hop config could be trained. Never the scratch target,
   * even when scratch scores higher.
   */
  best: ChainResult | null;
}

const SCRATCH: TransferConfig = { method: 'scratch', params: {}, needsStudentScratch: false };

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The item with the highest mean validation accuracy, skipping nulls; the earliest wins ties. */
function highest<T extends { meanValidation: number }>(items: Array<T | null>): T | null {
  let best: T | null = null;
  for (const item of items) {
    if (item !== null && (best === null || item.meanValidation > best.meanValidation)) best = item;
  }
  return best;
}

/**
 * Appends a link; a node trained from scratch has no parent, so the chain restarts at it (only
 * with `scratchIntermediates` on: such a chain is then not rooted at the complex model).
 */
function appendLink(links: ChainLink[], link: ChainLink): ChainLink[] {
  return link.method === 'scratch' ? [link] : [...links, link];
}

function completeChain(links: ChainLink[], target: ChainLink): ChainResult {
  const all = appendLink(links, target);
  return {
    links: all,
    meanValidation: target.meanValidation,
    intermediates: all.filter((link) => link.method !== 'root').length - 1,
  };
}

/** A chain as progress shows it: its models' labels and its target's mean validation accuracy. */
export function progressBest(chain: ChainResult): NonNullable<SearchProgress['best']> {
  return { label: chain.links.map((l) => l.archLabel).join(' → '), validation: chain.meanValidation };
}

/** The hops one evaluation asks for and the nodes it asked about, shared by the searches of one plan. */
export class PlanState {
  /** Hops to train next, in the order they were asked for. */
  readonly needed = new Map<string, HopSpec>();
  /** Every node asked about, by key. */
  readonly touched = new Map<string, NodeState['status']>();
  /** Best complete chain rooted at the complex model seen (for progress). */
  private bestChain: ChainResult | null = null;

  noteChain(chain: ChainResult): void {
    if (chain.links[0]?.method === 'root' && (this.bestChain === null || chain.meanValidation > this.bestChain.meanValidation)) {
      this.bestChain = chain;
    }
  }

  progress(): SearchProgress {
    const counts = { done: 0, failed: 0, open: 0, known: this.touched.size };
    for (const status of this.touched.values()) counts[status] += 1;
    return this.bestChain ? { ...counts, best: progressBest(this.bestChain) } : counts;
  }
}

/**
 * One evaluation of the search over stored outcomes. Strategies ask it for nodes; a node that is
 * neither done nor failed is recorded in `needed` when everything it depends on is done, and the
 * asking step gets {@link PENDING}. Strategies ask for everything a step needs before checking,
 * so one plan emits every hop that can run now.
 */
export class SearchRun {
  private readonly outcomes = new Map<string, NodeOutcome>();

  /**
   * @param plan what this evaluation asks for; searches of several targets over the same outcomes
   *   (a budget run) share one, so a node they have in common is asked for and counted once
   */
  constructor(
    readonly search: ResolvedSearch,
    outcomes: readonly NodeOutcome[],
    private readonly plan: PlanState = new PlanState(),
  ) {
    for (const outcome of outcomes) this.outcomes.set(outcome.key, outcome);
  }

  /** Hops to train next, in the order the search asked for them. */
  get needed(): Map<string, HopSpec> {
    return this.plan.needed;
  }

  /** Counts of the nodes this evaluation asked about. */
  progress(): SearchProgress {
    return this.plan.progress();
  }

  /** Keeps `chain` for progress when it is taught from the complex model and beats the best so far. */
  private noteChain(chain: ChainResult): ChainResult {
    this.plan.noteChain(chain);
    return chain;
  }

  private hop(fields: Omit<HopSpec, 'key'>): HopSpec {
    return { key: hopKey(fields, trainSettingsFor(this.search.space, fields.role), this.search.keySalt), ...fields };
  }

  private request(hop: HopSpec, dependencies: NodeState[] = []): NodeState {
    const outcome = this.outcomes.get(hop.key);
    let state: NodeState;
    if (outcome?.status === 'done' && typeof outcome.validationAccuracy === 'number' && Number.isFinite(outcome.validationAccuracy)) {
      state = { status: 'done', validation: outcome.validationAccuracy };
    } else if (outcome?.status === 'failed' || outcome?.status === 'done') {
      state = { status: 'failed' };
    } else if (dependencies.some((d) => d.status === 'failed')) {
      // It can never run; not a node of the search, so it is not counted either.
      return { status: 'failed' };
    } else {
      state = { status: 'open' };
      if (dependencies.every((d) => d.status === 'done')) this.plan.needed.set(hop.key, hop);
    }
    this.plan.touched.set(hop.key, state.status);
    return state;
  }

  private link(
    arch: Arch,
    config: TransferConfig | { method: 'root'; params: {} },
    nodeKeys: string[],
    validations: number[],
  ): ChainLink {
    return {
      arch,
      archLabel: archLabel(arch),
      complexity: this.search.proposerContext.complexity(arch),
      method: config.method,
      params: config.params,
      nodeKeys,
      meanValidation: mean(validations),
      validations: [...validations],
    };
  }

  /** The root node: its link when done, null when it failed. */
  root(): ChainLink | null | Pending {
    const { space, seeds } = this.search;
    const hop = this.hop({ parentKey: null, arch: space.root.arch, method: 'root', params: {}, seed: seeds[0], role: 'root' });
    const state = this.request(hop);
    if (state.status === 'failed') return null;
    if (state.status === 'open') return PENDING;
    const link = this.link(space.root.arch, { method: 'root', params: {} }, seeds.map(() => hop.key), seeds.map(() => state.validation));
    const external = this.search.externalRoot;
    // The user's model is no arch of the space: it shows as itself, with the size stored with its node.
    return external ? { ...link, archLabel: external.label, complexity: this.outcomes.get(hop.key)!.complexity } : link;
  }

  private scratchNode(arch: Arch, seed: number): { hop: HopSpec; state: NodeState } {
    const hop = this.hop({ parentKey: null, arch, method: 'scratch', params: {}, seed, role: 'scratch' });
    return { hop, state: this.request(hop) };
  }

  /** `arch` trained with one config from `teacher` (ignored by scratch) for every seed. */
  private trainConfig(teacher: ChainLink | null, arch: Arch, role: HopSpec['role'], config: TransferConfig): ChainLink | null | Pending {
    const states = this.search.seeds.map((seed, i) => {
      if (config.method === 'scratch') return this.scratchNode(arch, seed);
      if (teacher === null) throw new Error(`a ${config.method} hop needs a teacher`);
      const scratch = config.needsStudentScratch ? this.scratchNode(arch, seed) : null;
      const hop: HopSpec = {
        ...this.hop({ parentKey: teacher.nodeKeys[i], arch, method: config.method, params: config.params, seed, role }),
        // Not part of the key: which scratch node it reads follows from the arch and seed already.
        ...(scratch ? { studentScratchKey: scratch.hop.key } : {}),
      };
      return { hop, state: this.request(hop, scratch ? [scratch.state] : []) };
    });
    if (states.some(({ state }) => state.status === 'failed')) return null;
    if (states.some(({ state }) => state.status === 'open')) return PENDING;
    const validations = states.map(({ state }) => (state as { validation: number }).validation);
    return this.link(arch, config, states.map(({ hop }) => hop.key), validations);
  }

  /** `arch` trained with every config; the best by its own mean validation accuracy. */
  private trainStudent(
    teacher: ChainLink | null,
    arch: Arch,
    role: HopSpec['role'],
    configs: TransferConfig[],
  ): { best: ChainLink | null; configs: ChainLink[] } | Pending {
    const results = configs.map((config) => this.trainConfig(teacher, arch, role, config));
    if (results.includes(PENDING)) return PENDING;
    const measured = results.filter((r): r is ChainLink => r !== null && r !== PENDING);
    return { best: highest(measured), configs: measured };
  }

  /** Root, target from scratch, and the target from the root with every config. */
  baseline(): Baseline | Pending {
    const { space, configs } = this.search;
    const root = this.root();
    const scratch = this.trainConfig(null, space.target.arch, 'scratch', SCRATCH);
    const oneHop = root === null || root === PENDING ? root : this.trainStudent(root, space.target.arch, 'target', configs);
    if (root === PENDING || scratch === PENDING || oneHop === PENDING) return PENDING;
    const oneHopResult = oneHop !== null && oneHop.best !== null ? { best: oneHop.best, configs: oneHop.configs } : null;
    // Not the better of scratch and 1-hop: a scratch target selected here would be reported as
    // the multihop chain, crediting transfer with what training from scratch did.
    const best = oneHopResult && root ? this.noteChain(completeChain([root], oneHopResult.best)) : null;
    return { root, scratch, oneHop: oneHopResult, best };
  }

  /** The root as a one-link partial chain scored by the baseline, or null/PENDING while unavailable. */
  rootChain(baseline: Baseline | Pending): PartialChain | null {
    const root = baseline === PENDING ? this.root() : baseline.root;
    if (root === null || root === PENDING) return null;
    const score = baseline === PENDING ? Number.NaN : (baseline.best?.meanValidation ?? Number.NEGATIVE_INFINITY);
    return { links: [root], score };
  }

  /** Candidate intermediates between `teacher` and the target from every proposer, for chain position `depth`. */
  propose(teacher: Arch, depth: number): Arch[] {
    const { space, proposers, proposerContext } = this.search;
    const target = space.target.arch;
    const archs = proposers
      .filter((p) => p.key !== 'geometric' || depth <= (space.construct?.maxDepth ?? 0))
      .flatMap((p) => p.propose(teacher, target, proposerContext))
      .filter((arch) => isStrictlyBetween(arch, teacher, target, proposerContext));
    return dedupeArchs(archs, proposerContext);
  }

  /**
   * Trains `arch` from the chain's last node with every transfer config (and from scratch too when
   * `scratchIntermediates` is on), keeps the config with the best mean validation accuracy of
   * `arch` itself, then trains the target from it with every config. null when all configs of
   * either hop failed.
   */
  expand(chain: PartialChain, arch: Arch): Expansion | null | Pending {
    const { space, configs, scratchIntermediates } = this.search;
    const teacher = chain.links[chain.links.length - 1];
    const intermediate = this.trainStudent(teacher, arch, 'intermediate', scratchIntermediates ? [SCRATCH, ...configs] : configs);
    if (intermediate === PENDING) return PENDING;
    if (intermediate.best === null) return null;
    const target = this.trainStudent(intermediate.best, space.target.arch, 'target', configs);
    if (target === PENDING) return PENDING;
    if (target.best === null) return null;
    const links = appendLink(chain.links, intermediate.best);
    return { links, score: target.best.meanValidation, parentScore: chain.score, complete: this.noteChain(completeChain(links, target.best)) };
  }

  /** Assembles the result of a finished search. */
  finish(baseline: Baseline, chains: ChainResult[], best: ChainResult | null): SearchResult {
    const opening = [baseline.scratch ? completeChain([], baseline.scratch) : null];
    if (baseline.root && baseline.oneHop) opening.push(completeChain([baseline.root], baseline.oneHop.best));
    return {
      status: baseline.root === null ? 'root-failed' : 'complete',
      strategy: this.search.strategy,
      seeds: [...this.search.seeds],
      minGain: this.search.minGain,
      standardErrors: this.search.standardErrors,
      root: baseline.root,
      scratch: baseline.scratch,
      oneHop: baseline.oneHop,
      best,
      chains: [...opening.filter((c): c is ChainResult => c !== null), ...chains],
    };
  }
}

/**
 * Identifies a chain by its node keys. With `scratchIntermediates` on, two paths can meet in the
 * same chain when an intermediate's best config is scratch (the chain restarts at that parentless node).
 */
export function chainId(links: ChainLink[]): string {
  return links.map((link) => link.nodeKeys.join(',')).join('>');
}

/** Keeps the first expansion of each distinct chain, in order. */
export function distinctExpansions(expansions: Expansion[]): Expansion[] {
  const seen = new Set<string>();
  return expansions.filter((e) => {
    const id = chainId(e.complete.links);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The noise a longer chain's gain must exceed: `standardErrors` × the standard error of the per-seed
 * gains d_i = v_i(longer) − v_i(selected) (paired: seed i of both chains shares the split and
 * initialisation seed), i.e. k · sd(d) / √n. Zero with one seed, where no spread can be measured.
 */
export function gainNoise(longer: number[], selected: number[], standardErrors: number): number {
  const n = Math.min(longer.length, selected.length);
  if (n < 2 || standardErrors === 0) return 0;
  const gains = Array.from({ length: n }, (_, i) => longer[i] - selected[i]);
  const average = mean(gains);
  const variance = gains.reduce((sum, g) => sum + (g - average) ** 2, 0) / (n - 1);
  return (standardErrors * Math.sqrt(variance)) / Math.sqrt(n);
}

/**
 * Keeps the selected chain as chains of growing length are scored, starting from the baseline's
 * best 1-hop chain: the best chain of a new level replaces the selection only when its gain in
 * mean validation accuracy exceeds both `minGain` and its noise over seeds ({@link gainNoise}), so
 * the shorter chain wins anything closer. With no 1-hop chain to start from, the first level with
 * a chain selects its best (still rooted at the complex model unless `scratchIntermediates` is on).
 */
export class ChainSelection {
  constructor(
    public best: ChainResult | null,
    private readonly minGain: number,
    private readonly standardErrors = 0,
  ) {}

  offer(level: ChainResult[]): void {
    const top = highest(level);
    if (!top) return;
    if (this.best === null) {
      this.best = top;
      return;
    }
    const gain = top.meanValidation - this.best.meanValidation;
    const noise = gainNoise(targetValidations(top), targetValidations(this.best), this.standardErrors);
    if (gain > this.minGain && gain > noise) this.best = top;
  }
}

function targetValidations(chain: ChainResult): number[] {
  return chain.links[chain.links.length - 1].validations;
}

import type { Arch, Complexity, MethodKey, MethodParams } from '../core/index.js';
import type { Proposer, ProposerContext } from './proposer.js';
import type { SearchSpace } from './search-space.js';

/** One transfer-method configuration tried on a hop: a method and one set of its parameters. */
export interface TransferConfig {
  method: MethodKey;
  params: MethodParams;
  /** The student's own scratch node (same arch and seed) must be trained first (profweight, sratio). */
  needsStudentScratch: boolean;
}

/**
 * A trained model of a chain: one node per seed (seed i of `nodeKeys` belongs to seed i of the
 * run; the root is trained once, so its key repeats), with the mean validation accuracy over seeds.
 */
export interface ChainLink {
  arch: Arch;
  archLabel: string;
  complexity: Complexity;
  method: MethodKey | 'root';
  params: MethodParams;
  nodeKeys: string[];
  meanValidation: number;
  /** Validation accuracy per seed, in the run's seed order (the root's repeats). */
  validations: number[];
}

/**
 * A complete chain: links follow parent keys from the root down to the target, the last link
 * (or, only with `scratchIntermediates` on, from an intermediate trained from scratch, which has
 * no parent). Its score is the target's mean validation accuracy.
 */
export interface ChainResult {
  links: ChainLink[];
  meanValidation: number;
  /** Links strictly between the first and the target that are not the root. */
  intermediates: number;
}

/** Everything a report needs to show scratch vs 1-hop vs multihop, by node key. */
export interface SearchResult {
  /** `root-failed`: the complex model could not be trained; only scratch is reported and `best` is null. */
  status: 'complete' | 'root-failed';
  strategy: string;
  seeds: number[];
  minGain: number;
  /** A longer chain's gain must also exceed this many standard errors of its per-seed gain (see ChainSelection). */
  standardErrors: number;
  root: ChainLink | null;
  /**
   * The target trained from scratch: the baseline row, reported beside 1-hop and `best` but never
   * selected as `best`, even when it scores higher. null when a seed failed.
   */
  scratch: ChainLink | null;
  /** The best 1-hop config (target straight from the root), and every 1-hop config measured. */
  oneHop: { best: ChainLink; configs: ChainLink[] } | null;
  /**
   * The selected ("multihop") chain, rooted at the complex model (links[0].method === 'root'): the
   * best 1-hop chain, replaced by a longer chain only when its target's mean validation accuracy
   * beats the current selection by more than minGain. Never the scratch target: compare it with
   * `scratch` to see whether transfer helped at all. With no 1-hop chain (every 1-hop config
   * failed) the best longer chain found, if any; null when the root failed or no chain was
   * trained. With `scratchIntermediates` on, a longer chain may restart at an intermediate
   * trained from scratch and then does not start at the root.
   */
  best: ChainResult | null;
  /**
   * Every complete chain scored (scratch, best 1-hop, then in search order), each with its best
   * target config. The scratch chain is listed for reference only; it is never a candidate for `best`.
   */
  chains: ChainResult[];
  /**
   * Budget runs only (several targets): every target's own result, the one holding the best
   * simple model first; this result's own fields are that target's.
   */
  targets?: SearchResult[];
}

/** The space and settings with defaults filled, as every strategy sees them. */
export interface ResolvedSearch {
  space: SearchSpace;
  strategy: string;
  seeds: number[];
  /** Non-scratch configs in the order given (the target is always trained from scratch in addition, as the baseline). */
  configs: TransferConfig[];
  minGain: number;
  /** Multiple of the standard error of a longer chain's per-seed gain it must exceed (0: minGain alone). */
  standardErrors: number;
  maxDepth: number;
  beamWidth: number;
  /**
   * Whether an intermediate may also be trained from scratch (the chain then restarts at it and
   * is not rooted at the complex model). Default false.
   */
  scratchIntermediates: boolean;
  proposers: Proposer[];
  proposerContext: ProposerContext;
  keySalt: string;
  /** Set when the root is the user's own model (see ControllerSettings.externalRoot). */
  externalRoot?: { label: string };
}

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
}

/**
 * A complete chain: links follow parent keys from the root (or from a node trained from scratch,
 * which has no parent) down to the target, the last link. Its score is the target's mean
 * validation accuracy.
 */
export interface ChainResult {
  links: ChainLink[];
  meanValidation: number;
  /** Links strictly between the first and the target that are not the root. */
  intermediates: number;
}

/** Everything a report needs to show scratch vs 1-hop vs multihop, by node key. */
export interface SearchResult {
  /** `root-failed`: the complex model could not be trained; only scratch is reported. */
  status: 'complete' | 'root-failed';
  strategy: string;
  seeds: number[];
  minGain: number;
  root: ChainLink | null;
  /** The target trained from scratch (the baseline), null when every seed failed. */
  scratch: ChainLink | null;
  /** The best 1-hop config (target straight from the root), and every 1-hop config measured. */
  oneHop: { best: ChainLink; configs: ChainLink[] } | null;
  /** The selected chain: a longer chain wins only by beating the best shorter one by more than minGain. */
  best: ChainResult | null;
  /** Every complete chain scored (scratch, best 1-hop, then in search order), each with its best target config. */
  chains: ChainResult[];
}

/** The space and settings with defaults filled, as every strategy sees them. */
export interface ResolvedSearch {
  space: SearchSpace;
  strategy: string;
  seeds: number[];
  /** Non-scratch configs in the order given (scratch is always tried in addition). */
  configs: TransferConfig[];
  minGain: number;
  maxDepth: number;
  beamWidth: number;
  /** Whether an intermediate may be trained from scratch (the chain then restarts at it). */
  scratchIntermediates: boolean;
  proposers: Proposer[];
  proposerContext: ProposerContext;
  keySalt: string;
}

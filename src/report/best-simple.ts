/**
 * What a user takes home (issue 13): the best simple model of a run, whichever way it was trained
 * (scratch, 1-hop or a chain) and whichever target of a budget it is, chosen on mean validation
 * accuracy alone; and the Pareto front of the targets trained, accuracy against parameters.
 */
import type { Complexity } from '../core/index.js';
import type { ChainKind, NodeRecord } from '../store/index.js';
import { storedComplexity } from '../models/index.js';
import { paretoFront } from './report-pareto.js';
import type { SummaryChain } from './run-summary.js';

/** Mean and sample standard deviation over seeds. */
interface MeanSd {
  mean: number;
  std: number;
}

/** The best simple model of a run: `best` in `--json`. */
export interface BestSimple {
  /** How it was trained: from scratch, in one hop from the complex model, or through a chain. */
  kind: ChainKind;
  family: string;
  archLabel: string;
  complexity: Complexity;
  /** The models it came from, complex first, and the method of each hop. */
  chain: Array<{ archLabel: string; method: string }>;
  /** Methods of its hops joined by '>' ('scratch' for a scratch model). */
  method: string;
  validation: MeanSd;
  test: MeanSd;
  /** Its node per seed. */
  nodeKeys: string[];
  /** Measured microseconds per example, when the budget limited latency. */
  latencyUs?: number;
}

/** One target result on the accuracy-vs-complexity plane. */
export interface ParetoPoint {
  kind: ChainKind;
  family: string;
  archLabel: string;
  method: string;
  params: number;
  validation: MeanSd;
  test: MeanSd;
  latencyUs?: number;
}

/** A reported chain as a candidate: its target's family, size and latency. */
interface Candidate {
  chain: SummaryChain;
  family: string;
  complexity: Complexity;
  latencyUs?: number;
}

function candidates(chains: SummaryChain[], byKey: Map<string, NodeRecord>, latency: Map<string, number>): Candidate[] {
  return chains.flatMap((chain) => {
    const target = chain.links[chain.links.length - 1];
    const node = target ? byKey.get(target.nodeKeys[0]) : undefined;
    if (!node || !Number.isFinite(chain.validation.mean)) return [];
    const latencyUs = latency.get(target.archLabel);
    return [{ chain, family: node.arch.family, complexity: storedComplexity(node.arch, node.complexity), ...(latencyUs !== undefined ? { latencyUs } : {}) }];
  });
}

const meanSd = (s: MeanSd): MeanSd => ({ mean: s.mean, std: s.std });

/**
 * The reported chain whose target has the highest mean validation accuracy; on a tie the smaller
 * target, then the one reported first (scratch before 1-hop before multihop, so a chain that adds
 * nothing over 1-hop is reported as 1-hop). Test accuracy plays no part. null when no target was trained.
 */
export function bestSimpleModel(chains: SummaryChain[], byKey: Map<string, NodeRecord>, latency: Map<string, number>): BestSimple | null {
  let best: Candidate | null = null;
  for (const candidate of candidates(chains, byKey, latency)) {
    const ahead = best === null || candidate.chain.validation.mean > best.chain.validation.mean;
    if (ahead || (candidate.chain.validation.mean === best!.chain.validation.mean && candidate.complexity.params < best!.complexity.params)) best = candidate;
  }
  if (!best) return null;
  const { chain } = best;
  const target = chain.links[chain.links.length - 1];
  return {
    kind: chain.kind,
    family: best.family,
    archLabel: target.archLabel,
    complexity: best.complexity,
    chain: chain.links.map((l) => ({ archLabel: l.archLabel, method: l.method })),
    method: chain.method || 'scratch',
    validation: meanSd(chain.validation),
    test: meanSd(chain.test),
    nodeKeys: target.nodeKeys,
    ...(best.latencyUs !== undefined ? { latencyUs: best.latencyUs } : {}),
  };
}

/**
 * The Pareto front of every reported target (scratch, 1-hop and multihop of each target): mean
 * validation accuracy against parameters, smallest model first, each point once.
 */
export function targetParetoFront(chains: SummaryChain[], byKey: Map<string, NodeRecord>, latency: Map<string, number>): ParetoPoint[] {
  const points = candidates(chains, byKey, latency);
  const keys = paretoFront(points.map((p, i) => ({ key: String(i), params: p.complexity.params, accuracy: p.chain.validation.mean })));
  // Equal points (a chain that adds nothing over 1-hop is the 1-hop model again) are shown once, the earliest reported.
  const first = keys.filter((key, i) => {
    const at = (k: string) => points[Number(k)];
    return !keys.slice(0, i).some((k) => at(k).complexity.params === at(key).complexity.params && at(k).chain.validation.mean === at(key).chain.validation.mean);
  });
  return first.map((key) => {
    const { chain, family, complexity, latencyUs } = points[Number(key)];
    return {
      kind: chain.kind,
      family,
      archLabel: chain.links[chain.links.length - 1].archLabel,
      method: chain.method || 'scratch',
      params: complexity.params,
      validation: meanSd(chain.validation),
      test: meanSd(chain.test),
      ...(latencyUs !== undefined ? { latencyUs } : {}),
    };
  });
}

import { ownerGone } from './run-status.js';
import type { ChainRecord, NodeRecord, ResultsStore, RunRecord } from '../store/index.js';
import { MultihopError } from '../core/index.js';
import { archLabel, storedComplexity } from '../models/index.js';
import type { Arch } from '../core/index.js';
import type { Budget, BudgetTarget } from '../search/index.js';
import { bestSimpleModel, targetParetoFront, type BestSimple, type ParetoPoint } from './best-simple.js';
import type { ModelSize } from './report-format.js';
import { meanStd } from '../core/index.js';

/** One model of a reported chain, with its size on the cross-family scale (docs/design.md §2). */
export interface SummaryLink {
  archLabel: string;
  params: number;
  /** Leaves over every tree (tree families only). */
  leaves?: number;
  /** Deepest root-to-leaf path (tree families only). */
  depth?: number;
  method: string;
  nodeKeys: string[];
  meanValidation: number;
  /** Mean test accuracy of the link's nodes over seeds (reporting only; NaN when none has one). */
  meanTest: number;
}

/** A reported chain with its target's accuracy over seeds. */
export interface SummaryChain {
  kind: ChainRecord['kind'];
  method: string;
  links: SummaryLink[];
  validation: { mean: number; std: number; perSeed: number[] };
  test: { mean: number; std: number; perSeed: number[] };
}

/** What `multihop show` and `multihop search` print: scratch vs 1-hop vs multihop, never one without the others. */
export interface RunSummary {
  run: Pick<RunRecord, 'id' | 'status' | 'strategy' | 'methods' | 'seeds' | 'backend' | 'createdAt' | 'updatedAt' | 'error'> & {
    dataset: string;
    space: string;
    /** Stored as running, but the process that drove it is gone (see statusLabel). */
    ownerGone: boolean;
  };
  nodes: { done: number; failed: number; pending: number; running: number };
  /** The complex model's own accuracy. */
  root: ({ archLabel: string; validation: number | null; test: number | null } & ModelSize) | null;
  chains: SummaryChain[];
  /** multihop − 1-hop and multihop − scratch, on mean test accuracy (null when a side is missing). */
  gain: { overOneHop: number | null; overScratch: number | null };
  /** Nodes whose result is suspect (diverged training, at chance), with why: not results to trust. */
  warnings: Array<{ key: string; archLabel: string; method: string; warning: string }>;
  /**
   * The best simple model found (`best` in JSON): of every reported target (scratch, 1-hop,
   * multihop; every budget target), the highest mean validation accuracy. null before any target is trained.
   */
  best: BestSimple | null;
  /** The budget the run's targets were proposed within (`--max-params` …); null for a run with a fixed target. */
  budget: Budget | null;
  /** Pareto front of the reported targets: mean validation accuracy against parameters, smallest first. */
  pareto: ParetoPoint[];
}

/** The node's size on the cross-family scale: params, and leaves and depth for tree families. */
export function nodeSize(node: NodeRecord): ModelSize {
  const { params, leaves, depth } = storedComplexity(node.arch, node.complexity);
  return leaves === undefined ? { params } : { params, leaves, depth };
}

type StoredDetails = {
  validation: SummaryChain['validation'];
  test: SummaryChain['test'];
  links: Array<SummaryLink & { arch: unknown }>;
};

export function summariseRun(store: ResultsStore, runId: string): RunSummary {
  const run = store.getRun(runId);
  if (!run) throw new MultihopError(`no run '${runId}' in ${store.path}; list them with 'multihop runs'`);
  const nodes = store.listNodes(runId);
  const counts = { done: 0, failed: 0, pending: 0, running: 0 };
  for (const node of nodes) counts[node.status] += 1;
  const rootNode = nodes.find((n) => n.role === 'root' && n.status === 'done') ?? null;
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  // NaN when no node of the link has a test accuracy (meanStd of nothing).
  const meanTest = (keys: string[]): number =>
    meanStd(keys.map((k) => byKey.get(k)?.test?.accuracy).filter((v): v is number => typeof v === 'number')).mean;
  const chains = store.getChains(runId).map((chain): SummaryChain => {
    const details = chain.details as unknown as StoredDetails;
    return {
      kind: chain.kind,
      method: chain.method,
      links: details.links.map(({ archLabel, params, method, nodeKeys, meanValidation }) => {
        const node = byKey.get(nodeKeys[0]);
        return { archLabel, ...(node ? nodeSize(node) : {}), params, method, nodeKeys, meanValidation, meanTest: meanTest(nodeKeys) };
      }),
      validation: details.validation,
      test: details.test,
    };
  });
  const testOf = (kind: ChainRecord['kind']) => chains.find((c) => c.kind === kind)?.test.mean ?? null;
  const multihop = testOf('multihop');
  const oneHop = testOf('one-hop');
  const scratch = testOf('scratch');
  const config = run.config as { space?: { name?: string }; budget?: Budget; budgetTargets?: BudgetTarget[] };
  const latency = new Map<string, number>();
  for (const target of config.budgetTargets ?? []) {
    if (target.latencyUs !== undefined) latency.set(archLabel(target.arch as Arch), target.latencyUs);
  }
  return {
    run: {
      id: run.id,
      status: run.status,
      strategy: run.strategy,
      methods: run.methods,
      seeds: run.seeds,
      backend: run.backend,
      createdAt: run.createdAt,
      updatedAt: run.updatedAt,
      error: run.error,
      dataset: run.dataset.name,
      space: config.space?.name ?? '?',
      ownerGone: ownerGone(store, run),
    },
    nodes: counts,
    warnings: nodes.flatMap((n) => (n.warning === null ? [] : [{ key: n.key, archLabel: n.archLabel, method: n.method, warning: n.warning }])),
    root: rootNode
      ? {
          archLabel: rootNode.archLabel,
          ...nodeSize(rootNode),
          validation: rootNode.validation?.accuracy ?? null,
          test: rootNode.test?.accuracy ?? null,
        }
      : null,
    chains,
    gain: {
      overOneHop: multihop !== null && oneHop !== null ? multihop - oneHop : null,
      overScratch: multihop !== null && scratch !== null ? multihop - scratch : null,
    },
    best: bestSimpleModel(chains, byKey, latency),
    budget: config.budget ?? null,
    pareto: targetParetoFront(chains, byKey, latency),
  };
}

/**
 * One benchmark run: the greedy search on one dataset with one transfer method and one seed
 * (split seed s, initialisation seed s), read back as scratch / 1-hop / multihop test accuracy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { summariseRun, type SummaryChain } from '../../src/report/index.js';
import { startSearch } from '../../src/run/index.js';
import type { ResultsStore } from '../../src/store/index.js';
import type { BenchMethod } from './accuracy-suite.js';

/** A chain's target accuracy and its links, for one seed. */
export interface ChainOutcome {
  /** e.g. "mlp[256-128] -kd-> mlp[32] -kd-> mlp[2]"; a scratch-trained first link reads "mlp[32] (scratch) -kd-> …". */
  chain: string;
  /** Intermediate models between the complex (or scratch-trained first) model and the target. */
  intermediates: number;
  validation: number;
  test: number;
}

/** What one run measured. Accuracies are fractions in [0, 1]. */
export interface RunOutcome {
  dataset: string;
  method: BenchMethod;
  seed: number;
  runId: string;
  /** The TF.js backend the run trained on. */
  backend: string;
  wallMs: number;
  root: { archLabel: string; params: number; validation: number | null; test: number | null } | null;
  target: { archLabel: string; params: number };
  scratch: ChainOutcome | null;
  oneHop: ChainOutcome | null;
  multihop: ChainOutcome | null;
  nodes: { done: number; failed: number };
}

/** What a run needs beside its dataset, method and seed. */
export interface RunContext {
  store: ResultsStore;
  /** Folder for the per-seed copies of search-space files. */
  workDir: string;
  workers: number;
  /** Passed to the search as `rootShare`. */
  rootShare: number;
}

/** A copy of the space file whose `seeds` is [seed], so the run initialises with seed s. */
function seededSpace(spacePath: string, seed: number, workDir: string): string {
  const space = JSON.parse(readFileSync(spacePath, 'utf8')) as { name: string; seeds?: number[] };
  const path = join(workDir, `${space.name}-seed${seed}.json`);
  writeFileSync(path, JSON.stringify({ ...space, seeds: [seed] }, null, 2));
  return path;
}

function chainLabel(chain: SummaryChain): string {
  return chain.links
    .map((link, i) => (i === 0 ? `${link.archLabel}${link.method === 'scratch' ? ' (scratch)' : ''}` : `-${link.method}-> ${link.archLabel}`))
    .join(' ');
}

function outcomeOf(chain: SummaryChain | undefined): ChainOutcome | null {
  if (!chain) return null;
  return {
    chain: chainLabel(chain),
    intermediates: chain.links.slice(0, -1).filter((link) => link.method !== 'root').length,
    validation: chain.validation.mean,
    test: chain.test.mean,
  };
}

/** Runs the greedy search for one (dataset, method, seed) and summarises it. */
export async function runOne(
  context: RunContext,
  job: { dataset: string; space: string; method: BenchMethod; seed: number },
): Promise<RunOutcome> {
  const started = performance.now();
  const space = seededSpace(job.space, job.seed, context.workDir);
  const argv = ['search', '--dataset', job.dataset, '--space', space, '--methods', job.method, '--split-seed', String(job.seed), '--root-share', String(context.rootShare)];
  const { run } = await startSearch(
    context.store,
    {
      dataset: job.dataset,
      space,
      strategy: 'greedy',
      methods: [job.method],
      splitSeed: job.seed,
      rootShare: context.rootShare,
      workers: context.workers,
    },
    argv,
    { workers: context.workers },
  );
  const summary = summariseRun(context.store, run.id);
  const byKind = (kind: SummaryChain['kind']) => summary.chains.find((c) => c.kind === kind);
  const scratch = byKind('scratch');
  const targetLink = scratch?.links[scratch.links.length - 1];
  return {
    dataset: job.dataset,
    method: job.method,
    seed: job.seed,
    runId: run.id,
    backend: run.backend,
    wallMs: Math.round(performance.now() - started),
    root: summary.root,
    target: { archLabel: targetLink?.archLabel ?? '?', params: targetLink?.params ?? Number.NaN },
    scratch: outcomeOf(scratch),
    oneHop: outcomeOf(byKind('one-hop')),
    multihop: outcomeOf(byKind('multihop')),
    nodes: { done: summary.nodes.done, failed: summary.nodes.failed },
  };
}

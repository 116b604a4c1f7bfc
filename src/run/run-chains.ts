import { meanStd } from '../core/index.js';
import type { ChainLink, ChainResult, SearchResult } from '../search/index.js';
import type { ChainRecord, ResultsStore } from '../store/index.js';

/** Per-seed validation and test accuracy of a chain's last link, read from the store (reporting only). */
function targetScores(store: ResultsStore, runId: string, link: ChainLink) {
  const nodes = link.nodeKeys.map((key) => store.getNode(runId, key));
  const validation = nodes.map((n) => n?.validation?.accuracy ?? Number.NaN);
  const test = nodes.map((n) => n?.test?.accuracy ?? Number.NaN);
  return { validation, test };
}

function linkDetails(link: ChainLink) {
  return {
    arch: link.arch,
    archLabel: link.archLabel,
    params: link.complexity.params,
    method: link.method,
    methodParams: link.params,
    nodeKeys: link.nodeKeys,
    meanValidation: link.meanValidation,
  };
}

function record(
  store: ResultsStore,
  runId: string,
  kind: ChainRecord['kind'],
  links: ChainLink[],
): ChainRecord {
  const target = links[links.length - 1];
  const scores = targetScores(store, runId, target);
  const validation = meanStd(scores.validation);
  const test = meanStd(scores.test);
  return {
    kind,
    method: links
      .filter((l) => l.method !== 'root')
      .map((l) => l.method)
      .join('>'),
    // The last seed-0 key of every link: enough to walk the chain; per-seed keys are in details.
    nodeKeys: links.map((l) => l.nodeKeys[0]),
    validationAccuracy: validation.mean,
    testAccuracy: test.mean,
    details: {
      validation: { ...validation, perSeed: scores.validation },
      test: { ...test, perSeed: scores.test },
      links: links.map(linkDetails),
    },
  };
}

/**
 * The chains a finished run reports: the target from scratch, the best 1-hop, and the selected
 * chain (multihop), each with validation and test accuracy over seeds; a budget run reports them
 * for every target, the target holding the best simple model first. Test accuracy is read here,
 * after selection, for the report only.
 */
export function chainRecords(store: ResultsStore, runId: string, result: SearchResult): ChainRecord[] {
  return (result.targets ?? [result]).flatMap((target) => targetChains(store, runId, target));
}

function targetChains(store: ResultsStore, runId: string, result: SearchResult): ChainRecord[] {
  const chains: ChainRecord[] = [];
  if (result.scratch) chains.push(record(store, runId, 'scratch', [result.scratch]));
  if (result.oneHop && result.root) chains.push(record(store, runId, 'one-hop', [result.root, result.oneHop.best]));
  const best: ChainResult | null = result.best;
  if (best) chains.push(record(store, runId, 'multihop', best.links));
  return chains;
}

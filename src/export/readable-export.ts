/**
 * `multihop export --format rules`: a trained model as text a person can audit (if-then rules for
 * a tree, coefficients for a linear model), in the data's own units: standardisation undone,
 * one-hot categories named.
 */
import { ConfigError, MultihopError } from '../core/index.js';
import { familyOf, type ReadableFeatures } from '../models/index.js';
import type { ResultsStore } from '../store/index.js';
import { defaultExportNode, preparedRunData } from './export-model.js';

export interface ReadableModel {
  nodeKey: string;
  archLabel: string;
  text: string;
}

/** The readable form of node `nodeKey` of `runId` (default: the node `export` would pick). */
export async function readableModel(store: ResultsStore, runId: string, nodeKey?: string): Promise<ReadableModel> {
  const run = store.getRun(runId);
  if (!run) throw new MultihopError(`no run '${runId}' in ${store.path}; list them with 'multihop runs'`);
  const key = nodeKey ?? defaultExportNode(store, runId);
  const node = store.getNode(runId, key);
  if (!node || node.status !== 'done' || !node.hasWeights) {
    throw new ConfigError(`--node: run ${runId} has no trained node '${key}'; list them with 'multihop report ${runId} --format md'`);
  }
  const runtime = await familyOf(node.arch).runtime();
  if (!runtime.readable) {
    throw new ConfigError(
      `node '${key}' is ${node.archLabel}, which has no readable form; rules exist for tree and linear models (export it without --format rules to deploy it)`,
    );
  }
  const { data } = await preparedRunData(run);
  const scale = data.standardisation;
  const features: ReadableFeatures = {
    names: data.featureNames,
    classNames: data.classNames,
    raw: (i, v) => (scale ? v * scale.std[i] + scale.mean[i] : v),
  };
  return { nodeKey: key, archLabel: node.archLabel, text: runtime.readable(node.arch, store.getWeights(runId, key), features) };
}

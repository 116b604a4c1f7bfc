import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestSimpleModel, targetParetoFront, type SummaryChain } from '../src/report/index.js';
import type { NodeRecord } from '../src/store/index.js';

const stats = (mean: number) => ({ mean, std: 0, perSeed: [mean] });

/** A reported chain ending at `label` (node `key`), with its target's validation and test means. */
function chain(kind: SummaryChain['kind'], key: string, label: string, params: number, validation: number, test: number): SummaryChain {
  const link = { archLabel: label, params, method: kind === 'scratch' ? 'scratch' : 'kd', nodeKeys: [key], meanValidation: validation, meanTest: test };
  const links = kind === 'scratch' ? [link] : [{ ...link, archLabel: 'mlp[64-32]', params: 6570, method: 'root', nodeKeys: ['root'] }, link];
  return { kind, method: kind === 'scratch' ? '' : 'kd', links, validation: stats(validation), test: stats(test) };
}

function nodes(entries: Array<[string, number[], number]>): Map<string, NodeRecord> {
  return new Map(
    entries.map(([key, hidden, params]) => [key, { key, arch: { family: 'mlp', hidden }, complexity: { params, flops: 2 * params, bytes: 4 * params } } as unknown as NodeRecord]),
  );
}

test('best simple model: highest mean validation; ties go to the smaller target, then scratch before 1-hop before multihop; test is never read', () => {
  const byKey = nodes([['a', [2], 160], ['b', [1], 85], ['c', [2], 160]]);
  const chains = [
    chain('scratch', 'a', 'mlp[2]', 160, 0.8, 0.99),
    chain('one-hop', 'c', 'mlp[2]', 160, 0.85, 0.5),
    chain('multihop', 'c', 'mlp[2]', 160, 0.85, 0.5),
    chain('one-hop', 'b', 'mlp[1]', 85, 0.85, 0.4),
  ];
  const best = bestSimpleModel(chains, byKey, new Map([['mlp[1]', 3.5]]));
  assert.equal(best?.archLabel, 'mlp[1]', 'equal validation: the smaller target');
  assert.equal(best?.kind, 'one-hop');
  assert.equal(best?.latencyUs, 3.5);
  assert.deepEqual(best?.chain, [{ archLabel: 'mlp[64-32]', method: 'root' }, { archLabel: 'mlp[1]', method: 'kd' }]);
  const same = bestSimpleModel(chains.slice(0, 3), byKey, new Map());
  assert.equal(same?.kind, 'one-hop', 'a multihop chain equal to 1-hop is reported as 1-hop');
  assert.equal(same?.test.mean, 0.5, 'scratch has the better test accuracy but loses on validation');
  assert.equal(bestSimpleModel([], byKey, new Map()), null);

  const front = targetParetoFront(chains, byKey, new Map());
  assert.deepEqual(front.map((p) => [p.archLabel, p.kind]), [['mlp[1]', 'one-hop']], 'mlp[2] is no more accurate than the smaller mlp[1]');
  const wider = targetParetoFront([...chains, chain('multihop', 'a', 'mlp[2]', 160, 0.9, 0.6)], byKey, new Map());
  assert.deepEqual(wider.map((p) => [p.archLabel, p.kind, p.params]), [['mlp[1]', 'one-hop', 85], ['mlp[2]', 'multihop', 160]]);
});

/** The registries of search strategies and proposers: the single source of their keys. */
import { Registry } from '../core/index.js';
import { beamStrategy } from './beam-strategy.js';
import { exhaustiveStrategy } from './exhaustive-strategy.js';
import { geometricProposer } from './geometric-proposer.js';
import { greedyStrategy } from './greedy-strategy.js';
import { oneHopStrategy } from './one-hop-strategy.js';
import { poolProposer } from './pool-proposer.js';
import type { Proposer } from './proposer.js';
import type { Strategy } from './strategy.js';

/** Search strategies by key: one-hop, greedy, beam, exhaustive. */
export const strategies: Registry<Strategy> = new Registry<Strategy>('search strategy')
  .register(oneHopStrategy.key, oneHopStrategy)
  .register(greedyStrategy.key, greedyStrategy)
  .register(beamStrategy.key, beamStrategy)
  .register(exhaustiveStrategy.key, exhaustiveStrategy);

/** Proposers of candidate intermediates by key: pool (selected), geometric (constructed). */
export const proposers: Registry<Proposer> = new Registry<Proposer>('proposer')
  .register(poolProposer.key, poolProposer)
  .register(geometricProposer.key, geometricProposer);


import { createHash } from 'node:crypto';
import type { HopSpec, TrainSettings } from '../core/index.js';
import { canonicalArch } from '../models/index.js';

/** JSON with object keys sorted at every level, so equal values always serialise the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Length of a hop key in hex characters (64 bits: collisions are not a concern at our scale). */
export const HOP_KEY_LENGTH = 16;

/**
 * The deterministic id of a hop: sha256 over the canonical JSON of everything that identifies
 * the node (parent, canonical arch, method, params, seed, role), its training settings and an
 * optional salt (e.g. the dataset hash), shortened to {@link HOP_KEY_LENGTH} hex characters.
 * A resumed run recomputes the same keys and so finds its finished nodes.
 */
export function hopKey(hop: Omit<HopSpec, 'key'>, training: TrainSettings, salt = ''): string {
  const identity = {
    parentKey: hop.parentKey,
    arch: canonicalArch(hop.arch),
    method: hop.method,
    params: hop.params,
    seed: hop.seed,
    role: hop.role,
    training,
    salt,
  };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, HOP_KEY_LENGTH);
}

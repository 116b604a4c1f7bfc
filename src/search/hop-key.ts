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
  // The identity's canonical JSON, its keys in sorted order (canonicalJson of the object
  // {parentKey, arch: canonicalArch(arch), method, params, seed, role, training, salt}), with the
  // arch, params and settings read through a cache: a search asks for the same hops at every plan.
  const fields: Array<[string, string | undefined]> = [
    ['arch', cachedJson(hop.arch, () => canonicalJson(canonicalArch(hop.arch)))],
    ['method', hop.method === undefined ? undefined : JSON.stringify(hop.method)],
    ['params', hop.params === undefined ? undefined : cachedJson(hop.params, () => canonicalJson(hop.params))],
    ['parentKey', hop.parentKey === undefined ? undefined : JSON.stringify(hop.parentKey)],
    ['role', hop.role === undefined ? undefined : JSON.stringify(hop.role)],
    ['salt', JSON.stringify(salt)],
    ['seed', hop.seed === undefined ? undefined : canonicalJson(hop.seed)],
    ['training', cachedJson(training, () => canonicalJson(training))],
  ];
  const identity = `{${fields.flatMap(([k, v]) => (v === undefined ? [] : [`${JSON.stringify(k)}:${v}`])).join(',')}}`;
  let key = keys.get(identity);
  if (key === undefined) {
    key = createHash('sha256').update(identity).digest('hex').slice(0, HOP_KEY_LENGTH);
    if (keys.size >= MAX_CACHED_KEYS) keys.clear();
    keys.set(identity, key);
  }
  return key;
}

/**
 * Canonical JSON of the archs, method parameters and settings hop keys are made of, by object: a
 * search's are built once and never modified, and it asks for the same hops at every plan.
 */
const jsonOf = new WeakMap<object, string>();

function cachedJson(value: object, compute: () => string): string {
  let json = jsonOf.get(value);
  if (json === undefined) {
    json = compute();
    jsonOf.set(value, json);
  }
  return json;
}

/** Keys by identity JSON; cleared when full (a search has thousands of nodes at most). */
const keys = new Map<string, string>();
const MAX_CACHED_KEYS = 100_000;

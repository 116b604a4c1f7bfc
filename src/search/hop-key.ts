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
  // arch, params and settings canonicalised through a cache: a search asks for the same hops at
  // every plan, and sorting every object's keys each time was most of a plan's cost.
  const field = (value: unknown) => (value === undefined ? undefined : canonicalJson(value));
  const fields: Array<[string, string | undefined]> = [
    ['arch', cachedJson(archJson, hop.arch, () => canonicalJson(canonicalArch(hop.arch)))],
    ['method', field(hop.method)],
    ['params', hop.params === undefined ? undefined : cachedJson(valueJson, hop.params, () => canonicalJson(hop.params))],
    ['parentKey', field(hop.parentKey)],
    ['role', field(hop.role)],
    ['salt', field(salt)],
    ['seed', field(hop.seed)],
    ['training', training === undefined ? undefined : cachedJson(valueJson, training, () => canonicalJson(training))],
  ];
  const identity = `{${fields.flatMap(([k, v]) => (v === undefined ? [] : [`${JSON.stringify(k)}:${v}`])).join(',')}}`;
  let key = keys.get(identity);
  if (key === undefined) {
    key = createHash('sha256').update(identity).digest('hex').slice(0, HOP_KEY_LENGTH);
    keep(keys, identity, key);
  }
  return key;
}

/**
 * Canonical JSON by the value's plain JSON.stringify: for JSON data (what validated archs,
 * parameters and settings are) the same plain JSON is the same content, so the same canonical
 * JSON (key order aside, which only costs a second entry), whatever object holds it and however it
 * is changed later. JSON.stringify is native and does not sort. Plain JSON that holds a null is
 * not looked up: NaN, an infinity, an undefined array element and null all print as null there
 * while canonicalArch may tell them apart. (A value with toJSON, such as a Date, is no JSON data.)
 */
const archJson = new Map<string, string>();
const valueJson = new Map<string, string>();

function cachedJson(cache: Map<string, string>, value: object, compute: () => string): string {
  const plain = JSON.stringify(value);
  if (plain === undefined || plain.includes('null')) return compute();
  let json = cache.get(plain);
  if (json === undefined) {
    json = compute();
    keep(cache, plain, json);
  }
  return json;
}

/** Bounded caches: cleared when full (a search has thousands of distinct nodes at most). */
function keep(cache: Map<string, string>, key: string, value: string): void {
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, value);
}

/** Keys by identity JSON. */
const keys = new Map<string, string>();
const MAX_CACHED = 100_000;

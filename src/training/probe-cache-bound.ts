/** The bound on a teacher signal's cached probe activations (probe-activation-cache.ts), without TF.js. */
/** Set MULTIHOP_PROBE_CACHE_MIB to change the bound (0: always recompute activations per batch). */
export const PROBE_CACHE_ENV = 'MULTIHOP_PROBE_CACHE_MIB';
/** Default bound on the cached activations of one signal, train and validation rows together. */
export const PROBE_CACHE_DEFAULT_MIB = 256;

/** The bound in bytes: MULTIHOP_PROBE_CACHE_MIB when it is a non-negative number, else the default. */
export function probeCacheBytes(): number {
  const text = process.env[PROBE_CACHE_ENV];
  const mib = text === undefined || text.trim() === '' ? Number.NaN : Number(text);
  return (Number.isFinite(mib) && mib >= 0 ? mib : PROBE_CACHE_DEFAULT_MIB) * 1024 * 1024;
}

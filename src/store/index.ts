/**
 * The results store (issue 3): runs, trained nodes, cached transfer signals, chains, run events,
 * leases and sweeps behind one interface, {@link ResultsStore}, split by aggregate (store-contract.ts).
 * `openStore` gives the SQLite implementation (better-sqlite3, WAL, versioned migrations in
 * db/migrations/), `openMemoryStore` one with the same semantics that lives in memory.
 */
export { openStore } from './sqlite-store.js';
export type { OpenStoreOptions } from './sqlite-store.js';
export { openMemoryStore } from './memory-store.js';
export type {
  ChainStore,
  EventStore,
  LeaseStore,
  NodeStore,
  ResultsStore,
  RunStore,
  StoreHandle,
  SweepStore,
  TeacherSignalStore,
} from './store-contract.js';
export type * from './store-types.js';
export { DEFAULT_QUERY_TIMEOUT_MS } from './sqlite-query.js';
export { LEASE_STALE_MS, leaseState, processAlive, sweepRunId } from './store-rules.js';
export { blobToFloat32, float32ToBlob } from './store-blobs.js';
export { loadMigrations, migrationsDirectory } from './store-migrations.js';
export type { Migration } from './store-migrations.js';
export type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';

/**
 * The results store (issue 3): runs, trained nodes, cached transfer signals, chains and run
 * events in one SQLite file (better-sqlite3, WAL, versioned migrations in db/migrations/).
 */
export { openStore, ResultsStore } from './results-store.js';
export type { OpenStoreOptions } from './results-store.js';
export type * from './store-types.js';
export { blobToFloat32, float32ToBlob } from './store-blobs.js';
export { loadMigrations, migrationsDirectory } from './store-migrations.js';
export type { Migration } from './store-migrations.js';
export type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';

/**
 * Schema migrations: numbered SQL files in db/migrations/ (`001-initial.sql`, …), the source of
 * truth, applied in order inside one transaction; the version reached is `PRAGMA user_version`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../core/index.js';
import type { SqliteDatabase } from './sqlite-driver.js';

/** One migration file. `version` is its number; applying it brings the schema to that version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3})-[a-z0-9-]+\.sql$/;

/**
 * Finds db/migrations from the compiled file (dist/src/store → ../../../db) or, when run from
 * sources, from src/store (../../db).
 */
export function migrationsDirectory(): string {
  const candidates = ['../../../db/migrations/', '../../db/migrations/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(join(candidate, '001-initial.sql')));
  if (found === undefined) {
    throw new StoreError(`cannot find the schema migrations; looked in ${candidates.join(' and ')}: reinstall multihop`);
  }
  return found;
}

/** Reads the migration files, checking they are numbered 001, 002, … without gaps. */
export function loadMigrations(directory: string = migrationsDirectory()): Migration[] {
  const names = readdirSync(directory)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return names.map((name, index) => {
    const match = MIGRATION_FILE.exec(name);
    const version = match ? Number(match[1]) : NaN;
    if (version !== index + 1) {
      throw new StoreError(
        `${join(directory, name)}: migration files must be named 001-name.sql, 002-name.sql, … without gaps; expected number ${index + 1}`,
      );
    }
    return { version, name, sql: readFileSync(join(directory, name), 'utf8') };
  });
}

/** The schema version of a connection (`PRAGMA user_version`). */
export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Applies the migrations above the database's version, up to `target` (default: all), in one
 * transaction: either the database reaches `target` or it keeps its old version and contents.
 * The transaction is IMMEDIATE and reads the version again once it holds the write lock: two
 * processes opening a fresh file together would otherwise both see version 0 and both migrate.
 * @returns the version before migrating.
 */
export function migrate(db: SqliteDatabase, migrations: Migration[], target: number = migrations.length): number {
  const seen = schemaVersion(db);
  if (seen >= target) return seen;
  return db.transaction(() => {
    const from = schemaVersion(db);
    if (from >= target) return from;
    for (const migration of migrations.slice(from, target)) {
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new StoreError(`migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
    }
    db.pragma(`user_version = ${target}`);
    return from;
  }).immediate();
}

/**
 * The results store: one SQLite file per project holding runs, trained nodes (metrics, weights),
 * the transfer signals cached per node, the chains a run reports and a log of run events.
 * One writer (the main thread), any number of readers (WAL).
 */
import { randomInt } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from '../core/index.js';
import type {
  ModelWeights,
  NodeOutcome,
  NodeStatus,
  StudentScratchSignal,
  TeacherSignal,
} from '../core/index.js';
import { blobToFloat32, float32ToBlob } from './store-blobs.js';
import { loadMigrations, migrate, schemaVersion } from './store-migrations.js';
import {
  chainRow,
  eventRow,
  nodeRow,
  outcomeRow,
  parseRow,
  runRow,
  signalRow,
  weightsRow,
} from './store-rows.js';
import { openSqliteDatabase } from './sqlite-driver.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-driver.js';
import type {
  ChainRecord,
  EventLevel,
  LeaseOwner,
  NewRun,
  NodeDone,
  NodeRecord,
  NodeStart,
  QueryResult,
  RunEvent,
  RunLease,
  RunRecord,
  RunStatus,
} from './store-types.js';

/** How long a writer waits for another connection's write lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export interface OpenStoreOptions {
  /** Open without write access; every write fails with a StoreError. The file must exist. */
  readonly?: boolean;
}

/**
 * Opens (creating and migrating when writable) the results store at `path`.
 * Refuses a file that is not SQLite, and a schema newer than this code knows.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): ResultsStore {
  const readonly = options.readonly ?? false;
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new StoreError(`${path} is a directory: give the path of a results file, e.g. ${join(path, 'multihop.db')}`);
  }
  if (readonly && !existsSync(path)) {
    throw new StoreError(`${path} does not exist: give the path of a multihop results store`);
  }
  const migrations = loadMigrations();
  let db: SqliteDatabase;
  try {
    db = openSqliteDatabase(path, { readonly });
  } catch (error) {
    throw new StoreError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = schemaVersion(db);
    if (version > migrations.length) {
      throw new StoreError(
        `${path} has schema version ${version}, this multihop knows up to ${migrations.length}: upgrade multihop`,
      );
    }
    if (readonly) {
      if (version < migrations.length) {
        throw new StoreError(
          `${path} has schema version ${version}, older than this multihop's ${migrations.length}: open it once for writing (e.g. multihop resume) to upgrade it`,
        );
      }
    } else {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL cannot corrupt the file; it may only lose the last commits on power loss.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, migrations);
    }
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    if (sqliteCode(error) === 'SQLITE_NOTADB') {
      throw new StoreError(`${path} is not an SQLite database: give the path of a multihop results store`, {
        cause: error,
      });
    }
    throw new StoreError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
  }
  return new ResultsStore(db, path, readonly);
}

/** Reads and writes one results database. Create it with {@link openStore}. */
export class ResultsStore {
  private readonly statements = new Map<string, SqliteStatement>();
  private closed = false;

  /** @internal use {@link openStore}. */
  constructor(
    private readonly db: SqliteDatabase,
    /** The file this store reads and writes. */
    readonly path: string,
    readonly readonly: boolean,
  ) {}

  // ------------------------------------------------------------------------------------------
  // Runs

  /** Inserts a run with status 'running'; returns it as stored (with its id). */
  createRun(run: NewRun): RunRecord {
    return this.guard('create a run', () => {
      const id = run.id ?? this.newRunId();
      if (!RUN_ID.test(id)) {
        throw new StoreError(`run id '${id}' must be 1-64 letters, digits, '_' or '-', starting with a letter or digit`);
      }
      if (this.runExists(id)) throw new StoreError(`${this.path} already has a run '${id}': choose another id`);
      const now = timestamp();
      this.statement(
        `INSERT INTO runs (id, created_at, updated_at, status, command, config, dataset_name, dataset_hash,
           split, backend, strategy, methods, seeds, workers, error)
         VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
      ).run(
        id,
        now,
        now,
        JSON.stringify(run.command),
        JSON.stringify(run.config),
        run.dataset.name,
        run.dataset.hash,
        JSON.stringify(run.split),
        run.backend,
        run.strategy,
        JSON.stringify(run.methods),
        JSON.stringify(run.seeds),
        run.workers,
      );
      return this.requireRun(id);
    });
  }

  getRun(id: string): RunRecord | null {
    const row = this.statement('SELECT * FROM runs WHERE id = ?').get(id);
    return row === undefined ? null : this.toRunRecord(row);
  }

  /** All runs, newest first. */
  listRuns(): RunRecord[] {
    return this.statement('SELECT * FROM runs ORDER BY created_at DESC, id')
      .all()
      .map((row) => this.toRunRecord(row));
  }

  /** Sets a run's status (and its error, cleared when not given). */
  setRunStatus(id: string, status: RunStatus, error?: string): void {
    this.guard(`set the status of run ${id}`, () => {
      const { changes } = this.statement('UPDATE runs SET status = ?, error = ?, updated_at = ? WHERE id = ?').run(
        status,
        error ?? null,
        timestamp(),
        id,
      );
      if (changes === 0) throw this.noRun(id);
    });
  }

  // ------------------------------------------------------------------------------------------
  // Nodes

  /**
   * Records that a node's training starts: inserts it, or moves a pending/failed/interrupted one
   * back to running. A done node is never retrained.
   * @returns the attempt number, 1 for the first.
   */
  markNodeRunning(runId: string, hop: NodeStart): number {
    return this.guard(`mark node '${hop.key}' of run ${runId} running`, () =>
      this.db.transaction(() => {
        const existing = this.statement('SELECT status FROM nodes WHERE run_id = ? AND key = ?').get(runId, hop.key) as
          | { status: NodeStatus }
          | undefined;
        if (existing?.status === 'done') {
          throw new StoreError(`node '${hop.key}' of run ${runId} is already done; finished nodes are never retrained`);
        }
        if (!this.runExists(runId)) throw this.noRun(runId);
        const row = this.statement(
          `INSERT INTO nodes (run_id, key, parent_key, role, method, method_params, arch, arch_label,
             params, flops, bytes, seed, status, attempts, worker_id, started_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', 1, ?, ?)
           ON CONFLICT (run_id, key) DO UPDATE SET
             parent_key = excluded.parent_key, role = excluded.role, method = excluded.method,
             method_params = excluded.method_params, arch = excluded.arch, arch_label = excluded.arch_label,
             params = excluded.params, flops = excluded.flops, bytes = excluded.bytes, seed = excluded.seed,
             status = 'running', attempts = attempts + 1, error = NULL, worker_id = excluded.worker_id,
             started_at = excluded.started_at, finished_at = NULL
           RETURNING attempts`,
        ).get(
          runId,
          hop.key,
          hop.parentKey,
          hop.role,
          hop.method,
          JSON.stringify(hop.params),
          JSON.stringify(hop.arch),
          hop.archLabel,
          hop.complexity.params,
          hop.complexity.flops,
          hop.complexity.bytes,
          hop.seed,
          hop.workerId ?? null,
          timestamp(),
        ) as { attempts: number };
        return row.attempts;
      })(),
    );
  }

  /**
   * Writes a running node's result and the signals produced with it in ONE transaction: either
   * all of it lands or none of it does.
   */
  recordNodeDone(runId: string, key: string, result: NodeDone): void {
    this.guard(`record node '${key}' of run ${runId}`, () =>
      this.db.transaction(() => {
        const { weights } = result;
        const expected = weightCount(weights.shapes);
        if (expected !== weights.values.length) {
          throw new StoreError(
            `node '${key}' of run ${runId}: weight shapes hold ${expected} values but ${weights.values.length} were given`,
          );
        }
        const methodParams = result.methodParams === undefined ? null : JSON.stringify(result.methodParams);
        const { changes } = this.statement(
          `UPDATE nodes SET status = 'done', error = NULL,
             train_accuracy = ?, train_loss = ?, validation_accuracy = ?, validation_loss = ?,
             test_accuracy = ?, test_loss = ?, epochs = ?, wall_ms = ?, history = ?,
             weights = ?, weight_shapes = ?, method_params = coalesce(?, method_params),
             worker_id = coalesce(?, worker_id), finished_at = ?
           WHERE run_id = ? AND key = ? AND status = 'running'`,
        ).run(
          result.train.accuracy,
          result.train.loss,
          result.validation.accuracy,
          result.validation.loss,
          result.test.accuracy,
          result.test.loss,
          result.epochs,
          result.wallMs,
          JSON.stringify(result.history),
          float32ToBlob(weights.values),
          JSON.stringify(weights.shapes),
          methodParams,
          result.workerId ?? null,
          timestamp(),
          runId,
          key,
        );
        if (changes === 0) throw this.notRunning(runId, key);
        if (result.signals?.teacher) this.writeTeacherSignal(runId, key, result.signals.teacher);
        if (result.signals?.studentScratch) this.writeStudentScratch(runId, key, result.signals.studentScratch);
      })(),
    );
  }

  /** Marks a running node failed with one line saying why. */
  recordNodeFailed(runId: string, key: string, error: string): void {
    this.guard(`record the failure of node '${key}' of run ${runId}`, () => {
      const { changes } = this.statement(
        `UPDATE nodes SET status = 'failed', error = ?, finished_at = ?
         WHERE run_id = ? AND key = ? AND status = 'running'`,
      ).run(error, timestamp(), runId, key);
      if (changes === 0) throw this.notRunning(runId, key);
    });
  }

  /**
   * After a crash: nodes still marked running were interrupted; move them back to pending.
   * @returns how many nodes were moved.
   */
  resetInterrupted(runId: string): number {
    return this.guard(`reset the interrupted nodes of run ${runId}`, () => {
      const { changes } = this.statement(
        `UPDATE nodes SET status = 'pending', worker_id = NULL WHERE run_id = ? AND status = 'running'`,
      ).run(runId);
      return changes;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Leases: which process drives a run

  /** The process that holds a run's lease, or null. */
  getLease(runId: string): RunLease | null {
    const row = this.statement('SELECT pid, host, heartbeat_at FROM run_leases WHERE run_id = ?').get(runId) as
      | { pid: number; host: string; heartbeat_at: string }
      | undefined;
    return row === undefined ? null : { pid: row.pid, host: row.host, heartbeatAt: row.heartbeat_at };
  }

  /**
   * Takes a run's lease for `owner` when it is free, already the owner's, or its heartbeat is
   * older than `staleBefore` (ISO time). One statement, so two processes cannot both win.
   * @returns whether `owner` holds the lease now.
   */
  claimLease(runId: string, owner: LeaseOwner, staleBefore: string): boolean {
    return this.guard(`claim run ${runId}`, () => {
      const { changes } = this.statement(
        `INSERT INTO run_leases (run_id, pid, host, heartbeat_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET pid = excluded.pid, host = excluded.host, heartbeat_at = excluded.heartbeat_at
         WHERE run_leases.heartbeat_at < ? OR (run_leases.pid = excluded.pid AND run_leases.host = excluded.host)`,
      ).run(runId, owner.pid, owner.host, timestamp(), staleBefore);
      return changes > 0;
    });
  }

  /** Refreshes the owner's heartbeat; false when the lease is no longer the owner's. */
  heartbeat(runId: string, owner: LeaseOwner): boolean {
    return this.guard(`refresh the lease of run ${runId}`, () => {
      const { changes } = this.statement(
        'UPDATE run_leases SET heartbeat_at = ? WHERE run_id = ? AND pid = ? AND host = ?',
      ).run(timestamp(), runId, owner.pid, owner.host);
      return changes > 0;
    });
  }

  /** Gives a run's lease up (only when `owner` holds it). */
  releaseLease(runId: string, owner: LeaseOwner): void {
    this.guard(`release run ${runId}`, () => {
      this.statement('DELETE FROM run_leases WHERE run_id = ? AND pid = ? AND host = ?').run(runId, owner.pid, owner.host);
    });
  }

  /**
   * Failed nodes that still have tries left (the process died between a failure and its retry)
   * go back to pending, so a resumed run tries them again.
   * @returns how many nodes were moved.
   */
  requeueRetryable(runId: string, maxAttempts: number): number {
    return this.guard(`requeue the retryable nodes of run ${runId}`, () => {
      const { changes } = this.statement(
        `UPDATE nodes SET status = 'pending', worker_id = NULL WHERE run_id = ? AND status = 'failed' AND attempts < ?`,
      ).run(runId, maxAttempts);
      return changes;
    });
  }

  /**
   * What the search controller may see: status, validation accuracy, complexity and attempts.
   * Test metrics are deliberately unreachable from here (selection is on validation only).
   */
  nodeOutcomes(runId: string): NodeOutcome[] {
    return this.statement(
      `SELECT key, status, validation_accuracy, params, flops, bytes, attempts
       FROM nodes WHERE run_id = ? ORDER BY key`,
    )
      .all(runId)
      .map((row) => {
        const r = parseRow(outcomeRow, row, this.nodeWhere(runId, row));
        return {
          key: r.key,
          status: r.status,
          validationAccuracy: r.validation_accuracy,
          complexity: { params: r.params, flops: r.flops, bytes: r.bytes },
          attempts: r.attempts,
        };
      });
  }

  /** The full node row, parsed (weights and signals excepted), or null. */
  getNode(runId: string, key: string): NodeRecord | null {
    const row = this.statement(`SELECT ${NODE_COLUMNS} FROM nodes WHERE run_id = ? AND key = ?`).get(runId, key);
    return row === undefined ? null : this.toNodeRecord(runId, row);
  }

  /** Every node of a run in the order they were first started. */
  listNodes(runId: string): NodeRecord[] {
    return this.statement(`SELECT ${NODE_COLUMNS} FROM nodes WHERE run_id = ? ORDER BY rowid`)
      .all(runId)
      .map((row) => this.toNodeRecord(runId, row));
  }

  /** A done node's weights; a StoreError when the node has none. */
  getWeights(runId: string, key: string): ModelWeights {
    const row = this.statement('SELECT weights, weight_shapes FROM nodes WHERE run_id = ? AND key = ?').get(
      runId,
      key,
    ) as { weights: unknown } | undefined;
    if (row === undefined || row.weights === null) {
      throw new StoreError(`${this.path}: node '${key}' of run ${runId} has no weights (is it done?)`);
    }
    const where = this.nodeWhere(runId, { key });
    const parsed = parseRow(weightsRow, row, where);
    const values = blobToFloat32(parsed.weights, `${where} weights`);
    const expected = weightCount(parsed.weight_shapes);
    if (expected !== values.length) {
      throw new StoreError(`${where}: column weights holds ${values.length} values, weight_shapes say ${expected}`);
    }
    return { shapes: parsed.weight_shapes, values };
  }

  // ------------------------------------------------------------------------------------------
  // Transfer signals

  /** Stores (or replaces) a node's teacher signal on its own, outside `recordNodeDone`. */
  recordTeacherSignal(runId: string, key: string, signal: TeacherSignal): void {
    this.guard(`record the teacher signal of node '${key}' of run ${runId}`, () =>
      this.db.transaction(() => this.writeTeacherSignal(runId, key, signal))(),
    );
  }

  /** The node's cached teacher signal, or null when none was computed. */
  getTeacherSignal(runId: string, key: string): TeacherSignal | null {
    const where = `${this.path}: teacher_signals row (run ${runId}, node ${key}, teacher)`;
    const row = this.signalRowOf(runId, key, 'teacher', where);
    if (row === null) return null;
    const count = row.example_count;
    const confidences = blobToFloat32(row.confidences, `${where} confidences`);
    if (row.train_logits === null || confidences.length !== count * row.probes.length) {
      throw new StoreError(`${where}: train_logits/confidences do not match example_count ${count}; the row is corrupt`);
    }
    return {
      trainLogits: blobToFloat32(row.train_logits, `${where} train_logits`),
      probes: row.probes.map((probe, index) => ({
        layer: probe.layer,
        validationAccuracy: probe.validationAccuracy,
        trainTrueConfidence: confidences.slice(index * count, (index + 1) * count),
      })),
    };
  }

  /** The scratch student's reference signal stored with scratch node `key`, or null. */
  getStudentScratch(runId: string, key: string): StudentScratchSignal | null {
    const where = `${this.path}: teacher_signals row (run ${runId}, node ${key}, student-scratch)`;
    const row = this.signalRowOf(runId, key, 'student-scratch', where);
    if (row === null) return null;
    if (row.validation_accuracy === null) throw new StoreError(`${where}: column validation_accuracy is null; the row is corrupt`);
    return {
      validationAccuracy: row.validation_accuracy,
      trainTrueConfidence: blobToFloat32(row.confidences, `${where} confidences`),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Chains and events

  /** Replaces the chains a run reports, in the given order. */
  setChains(runId: string, chains: ChainRecord[]): void {
    this.guard(`set the chains of run ${runId}`, () =>
      this.db.transaction(() => {
        if (!this.runExists(runId)) throw this.noRun(runId);
        this.statement('DELETE FROM chains WHERE run_id = ?').run(runId);
        const insert = this.statement(
          `INSERT INTO chains (run_id, position, kind, method, node_keys, validation_accuracy, test_accuracy, details)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        chains.forEach((chain, position) =>
          insert.run(
            runId,
            position,
            chain.kind,
            chain.method,
            JSON.stringify(chain.nodeKeys),
            chain.validationAccuracy,
            chain.testAccuracy,
            JSON.stringify(chain.details ?? {}),
          ),
        );
      })(),
    );
  }

  getChains(runId: string): ChainRecord[] {
    return this.statement('SELECT * FROM chains WHERE run_id = ? ORDER BY position')
      .all(runId)
      .map((row) => {
        const position = (row as { position?: unknown }).position;
        const r = parseRow(chainRow, row, `${this.path}: chains row (run ${runId}, position ${String(position)})`);
        return {
          kind: r.kind,
          method: r.method,
          nodeKeys: r.node_keys,
          validationAccuracy: r.validation_accuracy,
          testAccuracy: r.test_accuracy,
          details: r.details,
        };
      });
  }

  /** Appends a timestamped line to the run's event log. */
  addEvent(runId: string, level: EventLevel, message: string, data?: unknown): void {
    this.guard(`log an event for run ${runId}`, () => {
      this.statement('INSERT INTO run_events (run_id, at, level, message, data) VALUES (?, ?, ?, ?, ?)').run(
        runId,
        timestamp(),
        level,
        message,
        data === undefined ? null : JSON.stringify(data),
      );
    });
  }

  /** The run's events, oldest first. */
  listEvents(runId: string): RunEvent[] {
    return this.statement('SELECT * FROM run_events WHERE run_id = ? ORDER BY id')
      .all(runId)
      .map((row) => {
        const id = (row as { id?: unknown }).id;
        const r = parseRow(eventRow, row, `${this.path}: run_events row ${String(id)} (run ${runId})`);
        return { id: r.id, runId: r.run_id, at: r.at, level: r.level, message: r.message, data: r.data };
      });
  }

  // ------------------------------------------------------------------------------------------
  // Ad-hoc queries and lifetime

  /**
   * Runs one read-only statement (`multihop query`) and returns its columns and rows (BLOBs as
   * Buffers). A statement that could modify the database is refused before it runs.
   */
  query(sql: string, params: unknown[] | Record<string, unknown> = []): QueryResult {
    let statement: SqliteStatement;
    try {
      statement = this.db.prepare(sql);
    } catch (error) {
      throw new StoreError(`query: ${(error as Error).message}`, { cause: error });
    }
    if (!statement.readonly) throw new StoreError('the query must not modify the database');
    if (!statement.reader) {
      throw new StoreError('the query must be one statement that returns rows (SELECT, WITH …, PRAGMA name)');
    }
    try {
      const rows = (Array.isArray(params) ? statement.raw(true).all(...params) : statement.raw(true).all(params)) as unknown[][];
      return { columns: statement.columns().map((column) => column.name), rows };
    } catch (error) {
      throw new StoreError(`query: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Closes the connection; later calls fail. Closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  // ------------------------------------------------------------------------------------------
  // Internals

  private statement(sql: string): SqliteStatement {
    if (this.closed) throw new StoreError(`${this.path} is closed`);
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a write, turning driver errors into one-line StoreErrors that say what was attempted. */
  private guard<T>(what: string, write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const code = sqliteCode(error);
      if (code?.startsWith('SQLITE_READONLY')) {
        throw new StoreError(`${this.path} is open read-only: cannot ${what}`, { cause: error });
      }
      if (code?.startsWith('SQLITE_BUSY')) {
        throw new StoreError(
          `${this.path} stayed locked by another writer for ${BUSY_TIMEOUT_MS} ms: cannot ${what}; is another multihop writing to it?`,
          { cause: error },
        );
      }
      throw new StoreError(`${this.path}: cannot ${what}: ${(error as Error).message}`, { cause: error });
    }
  }

  private newRunId(): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      const id = `r${randomInt(36 ** 6).toString(36).padStart(6, '0')}`;
      if (!this.runExists(id)) return id;
    }
    throw new StoreError(`${this.path}: could not find a free run id`);
  }

  private runExists(id: string): boolean {
    return this.statement('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
  }

  private requireRun(id: string): RunRecord {
    const run = this.getRun(id);
    if (run === null) throw this.noRun(id);
    return run;
  }

  private noRun(id: string): StoreError {
    return new StoreError(`${this.path} has no run '${id}'; \`multihop runs\` lists them`);
  }

  private notRunning(runId: string, key: string): StoreError {
    const row = this.statement('SELECT status FROM nodes WHERE run_id = ? AND key = ?').get(runId, key) as
      | { status: string }
      | undefined;
    const state = row === undefined ? 'was never marked running' : `is ${row.status}, not running`;
    return new StoreError(`${this.path}: node '${key}' of run ${runId} ${state}`);
  }

  private nodeWhere(runId: string, row: unknown): string {
    const key = (row as { key?: unknown }).key;
    return `${this.path}: nodes row (run ${runId}, key ${String(key)})`;
  }

  private toRunRecord(row: unknown): RunRecord {
    const id = (row as { id?: unknown }).id;
    const r = parseRow(runRow, row, `${this.path}: runs row (run ${String(id)})`);
    return {
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      status: r.status,
      command: r.command,
      config: r.config,
      dataset: { name: r.dataset_name, hash: r.dataset_hash },
      split: r.split,
      backend: r.backend,
      strategy: r.strategy,
      methods: r.methods,
      seeds: r.seeds,
      workers: r.workers,
      error: r.error,
    };
  }

  private toNodeRecord(runId: string, row: unknown): NodeRecord {
    const r = parseRow(nodeRow, row, this.nodeWhere(runId, row));
    const metrics = (accuracy: number | null, loss: number | null) =>
      accuracy === null ? null : { accuracy, loss: loss ?? NaN };
    return {
      runId: r.run_id,
      key: r.key,
      parentKey: r.parent_key,
      role: r.role,
      method: r.method,
      params: r.method_params,
      arch: r.arch,
      archLabel: r.arch_label,
      complexity: { params: r.params, flops: r.flops, bytes: r.bytes },
      seed: r.seed,
      status: r.status,
      attempts: r.attempts,
      train: metrics(r.train_accuracy, r.train_loss),
      validation: metrics(r.validation_accuracy, r.validation_loss),
      test: metrics(r.test_accuracy, r.test_loss),
      epochs: r.epochs,
      wallMs: r.wall_ms,
      history: r.history,
      hasWeights: r.has_weights === 1,
      error: r.error,
      workerId: r.worker_id,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
  }

  private writeTeacherSignal(runId: string, key: string, signal: TeacherSignal): void {
    const count = signal.probes[0]?.trainTrueConfidence.length ?? 0;
    const uneven = signal.probes.find((probe) => probe.trainTrueConfidence.length !== count);
    if (uneven !== undefined) {
      throw new StoreError(
        `teacher signal of node '${key}' of run ${runId}: probe '${uneven.layer}' has ${uneven.trainTrueConfidence.length} confidences, the first probe ${count}`,
      );
    }
    const confidences = new Float32Array(count * signal.probes.length);
    signal.probes.forEach((probe, index) => confidences.set(probe.trainTrueConfidence, index * count));
    this.statement(
      `INSERT OR REPLACE INTO teacher_signals
         (run_id, node_key, kind, example_count, train_logits, probes, confidences, validation_accuracy, created_at)
       VALUES (?, ?, 'teacher', ?, ?, ?, ?, NULL, ?)`,
    ).run(
      runId,
      key,
      count,
      float32ToBlob(signal.trainLogits),
      JSON.stringify(signal.probes.map((probe) => ({ layer: probe.layer, validationAccuracy: probe.validationAccuracy }))),
      float32ToBlob(confidences),
      timestamp(),
    );
  }

  private writeStudentScratch(runId: string, key: string, signal: StudentScratchSignal): void {
    this.statement(
      `INSERT OR REPLACE INTO teacher_signals
         (run_id, node_key, kind, example_count, train_logits, probes, confidences, validation_accuracy, created_at)
       VALUES (?, ?, 'student-scratch', ?, NULL, '[]', ?, ?, ?)`,
    ).run(
      runId,
      key,
      signal.trainTrueConfidence.length,
      float32ToBlob(signal.trainTrueConfidence),
      signal.validationAccuracy,
      timestamp(),
    );
  }

  private signalRowOf(runId: string, key: string, kind: 'teacher' | 'student-scratch', where: string) {
    const row = this.statement(
      `SELECT example_count, train_logits, probes, confidences, validation_accuracy
       FROM teacher_signals WHERE run_id = ? AND node_key = ? AND kind = ?`,
    ).get(runId, key, kind);
    return row === undefined ? null : parseRow(signalRow, row, where);
  }
}

/** Node columns as NodeRecord needs them. typeof() reads only the record header; `weights IS NOT NULL` would load every BLOB. */
const NODE_COLUMNS = `run_id, key, parent_key, role, method, method_params, arch, arch_label, params, flops, bytes,
  seed, status, attempts, train_accuracy, train_loss, validation_accuracy, validation_loss, test_accuracy,
  test_loss, epochs, wall_ms, history, typeof(weights) = 'blob' AS has_weights, error, worker_id, started_at,
  finished_at`;

/** How many float32 values weights of these shapes hold. */
function weightCount(shapes: number[][]): number {
  return shapes.reduce((sum, shape) => sum + shape.reduce((a, b) => a * b, 1), 0);
}

function timestamp(): string {
  return new Date().toISOString();
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

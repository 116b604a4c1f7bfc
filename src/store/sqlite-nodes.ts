/** Nodes in SQLite: the `nodes` table, its lifecycle (running → done | failed → …) and weights. */
import { StoreError } from '../core/index.js';
import type { ModelWeights, NodeOutcome } from '../core/index.js';
import { blobToFloat32, float32ToBlob } from './store-blobs.js';
import type { NodeStore } from './store-contract.js';
import { nodeRow, outcomeRow, parseRow, weightsRow } from './store-rows.js';
import { checkWeights, storeErrors, timestamp, weightCount } from './store-rules.js';
import type { NodeDone, NodeRecord, NodeStart } from './store-types.js';
import type { SqliteContext } from './sqlite-context.js';
import { writeStudentScratch, writeTeacherSignal } from './sqlite-signals.js';

/** Node columns as NodeRecord needs them. typeof() reads only the record header; `weights IS NOT NULL` would load every BLOB. */
const NODE_COLUMNS = `run_id, key, parent_key, role, method, method_params, arch, arch_label, params, flops, bytes,
  seed, status, attempts, failures, warning, train_accuracy, train_loss, validation_accuracy, validation_loss, test_accuracy,
  test_loss, epochs, wall_ms, history, typeof(weights) = 'blob' AS has_weights, error, worker_id, started_at,
  finished_at`;

/** Nodes a crash or a stop left running go back to pending (resetInterrupted, and stopRun in sqlite-runs.ts). */
export const REQUEUE_RUNNING_NODES = `UPDATE nodes SET status = 'pending', worker_id = NULL WHERE run_id = ? AND status = 'running'`;

export class SqliteNodes implements NodeStore {
  constructor(private readonly context: SqliteContext) {}

  markNodeRunning(runId: string, hop: NodeStart): number {
    const context = this.context;
    return context.write(`mark node '${hop.key}' of run ${runId} running`, () => {
      if (context.nodeStatus(runId, hop.key) === 'done') throw storeErrors.alreadyDone(runId, hop.key);
      if (!context.runExists(runId)) throw storeErrors.noRun(context.path, runId);
      const row = context
        .statement(
          `INSERT INTO nodes (run_id, key, parent_key, role, method, method_params, arch, arch_label,
             params, flops, bytes, seed, status, attempts, worker_id, started_at)
           VALUES (@runId, @key, @parentKey, @role, @method, @methodParams, @arch, @archLabel,
             @params, @flops, @bytes, @seed, 'running', 1, @workerId, @now)
           ON CONFLICT (run_id, key) DO UPDATE SET
             parent_key = excluded.parent_key, role = excluded.role, method = excluded.method,
             method_params = excluded.method_params, arch = excluded.arch, arch_label = excluded.arch_label,
             params = excluded.params, flops = excluded.flops, bytes = excluded.bytes, seed = excluded.seed,
             status = 'running', attempts = attempts + 1, error = NULL, worker_id = excluded.worker_id,
             started_at = excluded.started_at, finished_at = NULL
           RETURNING attempts`,
        )
        .get({
          runId,
          key: hop.key,
          parentKey: hop.parentKey,
          role: hop.role,
          method: hop.method,
          methodParams: JSON.stringify(hop.params),
          arch: JSON.stringify(hop.arch),
          archLabel: hop.archLabel,
          params: hop.complexity.params,
          flops: hop.complexity.flops,
          bytes: hop.complexity.bytes,
          seed: hop.seed,
          workerId: hop.workerId ?? null,
          now: timestamp(),
        }) as { attempts: number };
      return row.attempts;
    });
  }

  recordNodeDone(runId: string, key: string, result: NodeDone): void {
    const context = this.context;
    context.write(`record node '${key}' of run ${runId}`, () => {
      checkWeights(runId, key, result.weights);
      const { changes } = context
        .statement(
          `UPDATE nodes SET status = 'done', error = NULL,
             train_accuracy = @trainAccuracy, train_loss = @trainLoss,
             validation_accuracy = @validationAccuracy, validation_loss = @validationLoss,
             test_accuracy = @testAccuracy, test_loss = @testLoss, epochs = @epochs, wall_ms = @wallMs,
             history = @history, weights = @weights, weight_shapes = @weightShapes,
             method_params = coalesce(@methodParams, method_params),
             worker_id = coalesce(@workerId, worker_id), warning = @warning, finished_at = @now
           WHERE run_id = @runId AND key = @key AND status = 'running'`,
        )
        .run({
          trainAccuracy: result.train.accuracy,
          trainLoss: result.train.loss,
          validationAccuracy: result.validation.accuracy,
          validationLoss: result.validation.loss,
          testAccuracy: result.test.accuracy,
          testLoss: result.test.loss,
          epochs: result.epochs,
          wallMs: result.wallMs,
          history: JSON.stringify(result.history),
          weights: float32ToBlob(result.weights.values),
          weightShapes: JSON.stringify(result.weights.shapes),
          methodParams: result.methodParams === undefined ? null : JSON.stringify(result.methodParams),
          workerId: result.workerId ?? null,
          warning: result.warning ?? null,
          now: timestamp(),
          runId,
          key,
        });
      if (changes === 0) throw this.notRunning(runId, key);
      if (result.signals?.teacher) writeTeacherSignal(context, runId, key, result.signals.teacher);
      if (result.signals?.studentScratch) writeStudentScratch(context, runId, key, result.signals.studentScratch);
    });
  }

  recordNodeFailed(runId: string, key: string, error: string): number {
    return this.context.write(`record the failure of node '${key}' of run ${runId}`, () => {
      const row = this.context
        .statement(
          `UPDATE nodes SET status = 'failed', error = @error, finished_at = @now, failures = failures + 1
           WHERE run_id = @runId AND key = @key AND status = 'running'
           RETURNING failures`,
        )
        .get({ error, now: timestamp(), runId, key }) as { failures: number } | undefined;
      if (row === undefined) throw this.notRunning(runId, key);
      return row.failures;
    });
  }

  setNodeWarning(runId: string, key: string, warning: string): void {
    this.context.write(`flag node '${key}' of run ${runId}`, () => {
      const { changes } = this.context
        .statement(`UPDATE nodes SET warning = @warning WHERE run_id = @runId AND key = @key AND status = 'done'`)
        .run({ warning, runId, key });
      if (changes === 0) throw storeErrors.notDone(this.context.path, runId, key);
    });
  }

  resetInterrupted(runId: string): number {
    return this.context.write(`reset the interrupted nodes of run ${runId}`, () => {
      const { changes } = this.context
        .statement(REQUEUE_RUNNING_NODES)
        .run(runId);
      return changes;
    });
  }

  requeueRetryable(runId: string, maxAttempts: number): number {
    return this.context.write(`requeue the retryable nodes of run ${runId}`, () => {
      const { changes } = this.context
        .statement(
          `UPDATE nodes SET status = 'pending', worker_id = NULL WHERE run_id = ? AND status = 'failed' AND failures < ?`,
        )
        .run(runId, maxAttempts);
      return changes;
    });
  }

  nodeOutcomes(runId: string): NodeOutcome[] {
    return this.context
      .statement(
        `SELECT key, status, validation_accuracy, params, flops, bytes, attempts
         FROM nodes WHERE run_id = ? ORDER BY key`,
      )
      .all(runId)
      .map((row) => parseRow(outcomeRow, row, this.where(runId, row)));
  }

  getNode(runId: string, key: string): NodeRecord | null {
    const row = this.context.statement(`SELECT ${NODE_COLUMNS} FROM nodes WHERE run_id = ? AND key = ?`).get(runId, key);
    return row === undefined ? null : parseRow(nodeRow, row, this.where(runId, row));
  }

  listNodes(runId: string): NodeRecord[] {
    return this.context
      .statement(`SELECT ${NODE_COLUMNS} FROM nodes WHERE run_id = ? ORDER BY rowid`)
      .all(runId)
      .map((row) => parseRow(nodeRow, row, this.where(runId, row)));
  }

  getWeights(runId: string, key: string): ModelWeights {
    const row = this.context
      .statement('SELECT weights, weight_shapes FROM nodes WHERE run_id = ? AND key = ?')
      .get(runId, key) as { weights: unknown } | undefined;
    if (row === undefined || row.weights === null) throw storeErrors.noWeights(this.context.path, runId, key);
    const where = this.context.nodeWhere(runId, key);
    const parsed = parseRow(weightsRow, row, where);
    const values = blobToFloat32(parsed.blob, `${where} weights`);
    const expected = weightCount(parsed.shapes);
    if (expected !== values.length) {
      throw new StoreError(`${where}: column weights holds ${values.length} values, weight_shapes say ${expected}`);
    }
    return { shapes: parsed.shapes, values };
  }

  private where(runId: string, row: unknown): string {
    return this.context.nodeWhere(runId, (row as { key?: unknown }).key);
  }

  private notRunning(runId: string, key: string): StoreError {
    return storeErrors.notRunning(this.context.path, runId, key, this.context.nodeStatus(runId, key));
  }
}

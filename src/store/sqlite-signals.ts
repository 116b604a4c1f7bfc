/** Transfer signals in SQLite: the `teacher_signals` table (float arrays as float32 BLOBs). */
import { StoreError } from '../core/index.js';
import type { StudentScratchSignal, TeacherSignal } from '../core/index.js';
import { blobToFloat32, float32ToBlob } from './store-blobs.js';
import type { TeacherSignalStore } from './store-contract.js';
import { parseRow, signalRow } from './store-rows.js';
import { packConfidences, timestamp } from './store-rules.js';
import type { SqliteContext } from './sqlite-context.js';

const INSERT_SIGNAL = `INSERT OR REPLACE INTO teacher_signals
    (run_id, node_key, kind, example_count, train_logits, probes, confidences, validation_accuracy, created_at)
  VALUES (@runId, @key, @kind, @exampleCount, @trainLogits, @probes, @confidences, @validationAccuracy, @now)`;

/** Writes (or replaces) a node's teacher signal; call inside a write transaction. */
export function writeTeacherSignal(context: SqliteContext, runId: string, key: string, signal: TeacherSignal): void {
  const { count, confidences } = packConfidences(runId, key, signal);
  context.statement(INSERT_SIGNAL).run({
    runId,
    key,
    kind: 'teacher',
    exampleCount: count,
    trainLogits: float32ToBlob(signal.trainLogits),
    probes: JSON.stringify(signal.probes.map((probe) => ({ layer: probe.layer, validationAccuracy: probe.validationAccuracy }))),
    confidences: float32ToBlob(confidences),
    validationAccuracy: null,
    now: timestamp(),
  });
}

/** Writes (or replaces) a scratch node's student-scratch signal; call inside a write transaction. */
export function writeStudentScratch(context: SqliteContext, runId: string, key: string, signal: StudentScratchSignal): void {
  context.statement(INSERT_SIGNAL).run({
    runId,
    key,
    kind: 'student-scratch',
    exampleCount: signal.trainTrueConfidence.length,
    trainLogits: null,
    probes: '[]',
    confidences: float32ToBlob(signal.trainTrueConfidence),
    validationAccuracy: signal.validationAccuracy,
    now: timestamp(),
  });
}

export class SqliteSignals implements TeacherSignalStore {
  constructor(private readonly context: SqliteContext) {}

  recordTeacherSignal(runId: string, key: string, signal: TeacherSignal): void {
    this.context.write(`record the teacher signal of node '${key}' of run ${runId}`, () =>
      writeTeacherSignal(this.context, runId, key, signal),
    );
  }

  getTeacherSignal(runId: string, key: string): TeacherSignal | null {
    const where = `${this.context.path}: teacher_signals row (run ${runId}, node ${key}, teacher)`;
    const row = this.row(runId, key, 'teacher', where);
    if (row === null) return null;
    const count = row.exampleCount;
    const confidences = blobToFloat32(row.confidences, `${where} confidences`);
    if (row.trainLogits === null || confidences.length !== count * row.probes.length) {
      throw new StoreError(`${where}: train_logits/confidences do not match example_count ${count}; the row is corrupt`);
    }
    return {
      trainLogits: blobToFloat32(row.trainLogits, `${where} train_logits`),
      probes: row.probes.map((probe, index) => ({
        layer: probe.layer,
        validationAccuracy: probe.validationAccuracy,
        trainTrueConfidence: confidences.slice(index * count, (index + 1) * count),
      })),
    };
  }

  getStudentScratch(runId: string, key: string): StudentScratchSignal | null {
    const where = `${this.context.path}: teacher_signals row (run ${runId}, node ${key}, student-scratch)`;
    const row = this.row(runId, key, 'student-scratch', where);
    if (row === null) return null;
    if (row.validationAccuracy === null) throw new StoreError(`${where}: column validation_accuracy is null; the row is corrupt`);
    return {
      validationAccuracy: row.validationAccuracy,
      trainTrueConfidence: blobToFloat32(row.confidences, `${where} confidences`),
    };
  }

  private row(runId: string, key: string, kind: 'teacher' | 'student-scratch', where: string) {
    const row = this.context
      .statement(
        `SELECT example_count, train_logits, probes, confidences, validation_accuracy
         FROM teacher_signals WHERE run_id = ? AND node_key = ? AND kind = ?`,
      )
      .get(runId, key, kind);
    return row === undefined ? null : parseRow(signalRow, row, where);
  }
}

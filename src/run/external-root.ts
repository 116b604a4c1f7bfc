/**
 * The root of a run started from the user's own model (`--teacher`): instead of training it, the
 * runner records the measured teacher as a done node (accuracies from its predictions, no
 * weights) with its teacher signal, so students read it as they read any parent's. A resumed run
 * finds the node done and never asks for it again.
 */
import type { HopSpec } from '../core/index.js';
import type { MeasuredTeacher, TeacherSpec } from '../teachers/index.js';
import type { HopSettled } from './hop-lifecycle.js';
import type { NodeLedger } from './node-ledger.js';

/** The user's model for the root hop, measured once when first asked for. */
export interface ExternalRoot {
  label: string;
  spec: TeacherSpec;
  measure(): Promise<MeasuredTeacher>;
}

export interface ExternalRootOptions {
  ledger: NodeLedger;
  onAttempt?(hop: HopSpec): void;
  onSettled?(hop: HopSpec, settled: HopSettled): void;
  onMessage?(line: string): void;
}

/** What the node records of the teacher, in place of training parameters. */
function teacherParams(teacher: MeasuredTeacher): Record<string, string | number> {
  const { spec } = teacher;
  return {
    teacher: spec.kind,
    path: spec.path,
    sha256: spec.sha256,
    outputsReadAs: teacher.readAs,
    ...(spec.kind !== 'predictions' ? { input: spec.input } : {}),
    ...(spec.idColumn !== undefined ? { alignedBy: spec.idColumn } : { alignedBy: 'row order' }),
    ...(teacher.rowsPerSecond !== undefined ? { rowsPerSecond: Math.round(teacher.rowsPerSecond) } : {}),
    probes: spec.probes && spec.probes.length > 0 ? [...spec.probes, 'output'].join(',') : 'output only',
  };
}

/** `trainHop` with the root hop recorded from `root` instead of trained; every other hop goes to `trainHop`. */
export function externalRootHop(
  root: ExternalRoot,
  trainHop: (hop: HopSpec) => Promise<void>,
  options: ExternalRootOptions,
): (hop: HopSpec) => Promise<void> {
  const { ledger } = options;
  return async (hop) => {
    if (hop.role !== 'root') return trainHop(hop);
    const started = performance.now();
    const teacher = await root.measure();
    ledger.markRunning({ ...hop, complexity: teacher.complexity, archLabel: teacher.label });
    options.onAttempt?.(hop);
    const wallMs = performance.now() - started;
    ledger.recordDone(hop.key, {
      weights: { shapes: [], values: new Float32Array(0) },
      train: teacher.metrics.train,
      validation: teacher.metrics.validation,
      test: teacher.metrics.test,
      epochs: 0,
      wallMs,
      history: [],
      methodParams: teacherParams(teacher),
      signals: { teacher: teacher.signal },
    });
    const probes = teacher.signal.probes;
    const line =
      `the root is the external teacher ${teacher.label} (not trained): validation ${(100 * teacher.metrics.validation.accuracy).toFixed(2)}%, ` +
      `outputs read as ${teacher.readAs}; ` +
      (probes.length > 1
        ? `probes ${probes.map((p) => `${p.layer} ${(100 * p.validationAccuracy).toFixed(1)}%`).join(', ')}`
        : `it gives one probe, its output, so methods weighting by hidden-layer probes use that alone${teacher.spec.kind === 'predictions' ? '' : ' (name hidden outputs or layers with --teacher-probes)'}`);
    ledger.log('info', line, teacherParams(teacher));
    options.onMessage?.(line);
    options.onSettled?.(hop, { kind: 'done', wallMs });
  };
}

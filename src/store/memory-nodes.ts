/** Nodes and their transfer signals in memory, with the SQLite store's lifecycle rules. */
import type { ModelWeights, NodeOutcome, StudentScratchSignal, TeacherSignal } from '../core/index.js';
import type { MemoryNode, MemoryState } from './memory-state.js';
import { signalKey } from './memory-state.js';
import type { NodeStore, TeacherSignalStore } from './store-contract.js';
import { checkWeights, columnRules, packConfidences, storeErrors, timestamp } from './store-rules.js';
import type { NodeDone, NodeRecord, NodeStart } from './store-types.js';

export class MemoryNodes implements NodeStore {
  constructor(private readonly state: MemoryState) {}

  markNodeRunning(runId: string, hop: NodeStart): number {
    const state = this.state;
    return state.write(`mark node '${hop.key}' of run ${runId} running`, () => {
      const nodes = state.nodesOf(runId);
      const existing = nodes.get(hop.key);
      if (existing?.status === 'done') throw storeErrors.alreadyDone(runId, hop.key);
      state.requireRun(runId);
      if (hop.parentKey !== null && !nodes.has(hop.parentKey)) throw new Error('FOREIGN KEY constraint failed');
      columnRules.node(hop);
      const attempts = (existing?.attempts ?? 0) + 1;
      nodes.set(hop.key, {
        ...(existing ?? emptyResults()),
        runId,
        key: hop.key,
        parentKey: hop.parentKey,
        role: hop.role,
        method: hop.method,
        params: structuredClone(hop.params),
        arch: structuredClone(hop.arch),
        archLabel: hop.archLabel,
        complexity: { params: hop.complexity.params, flops: hop.complexity.flops, bytes: hop.complexity.bytes },
        seed: hop.seed,
        status: 'running',
        attempts,
        failures: existing?.failures ?? 0,
        warning: null,
        error: null,
        workerId: hop.workerId ?? null,
        startedAt: timestamp(),
        finishedAt: null,
      });
      return attempts;
    });
  }

  recordNodeDone(runId: string, key: string, result: NodeDone): void {
    const state = this.state;
    state.write(`record node '${key}' of run ${runId}`, () => {
      checkWeights(runId, key, result.weights);
      const node = this.running(runId, key);
      const teacher = result.signals?.teacher;
      const studentScratch = result.signals?.studentScratch;
      if (teacher) checkTeacherSignal(runId, key, teacher);
      if (studentScratch) checkStudentScratch(studentScratch);
      Object.assign(node, {
        status: 'done',
        error: null,
        train: { ...result.train },
        validation: { ...result.validation },
        test: { ...result.test },
        epochs: result.epochs,
        wallMs: result.wallMs,
        history: structuredClone(result.history),
        hasWeights: true,
        weights: structuredClone(result.weights),
        params: result.methodParams === undefined ? node.params : structuredClone(result.methodParams),
        workerId: result.workerId ?? node.workerId,
        warning: result.warning ?? null,
        finishedAt: timestamp(),
      } satisfies Partial<MemoryNode>);
      if (teacher) state.teacherSignals.set(signalKey(runId, key), structuredClone(teacher));
      if (studentScratch) state.studentScratch.set(signalKey(runId, key), structuredClone(studentScratch));
    });
  }

  recordNodeFailed(runId: string, key: string, error: string): number {
    return this.state.write(`record the failure of node '${key}' of run ${runId}`, () => {
      const node = this.running(runId, key);
      Object.assign(node, { status: 'failed', error, finishedAt: timestamp(), failures: node.failures + 1 });
      return node.failures;
    });
  }

  setNodeWarning(runId: string, key: string, warning: string): void {
    const state = this.state;
    state.write(`flag node '${key}' of run ${runId}`, () => {
      const node = state.nodesOf(runId).get(key);
      if (node?.status !== 'done') throw storeErrors.notDone(state.path, runId, key);
      node.warning = warning;
    });
  }

  resetInterrupted(runId: string): number {
    return this.state.write(`reset the interrupted nodes of run ${runId}`, () =>
      this.moveToPending(runId, (node) => node.status === 'running'),
    );
  }

  requeueRetryable(runId: string, maxAttempts: number): number {
    return this.state.write(`requeue the retryable nodes of run ${runId}`, () =>
      this.moveToPending(runId, (node) => node.status === 'failed' && node.failures < maxAttempts),
    );
  }

  nodeOutcomes(runId: string): NodeOutcome[] {
    return this.state.read(() =>
      [...this.state.nodesOf(runId).values()]
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map((node) => ({
          key: node.key,
          status: node.status,
          validationAccuracy: node.validation?.accuracy ?? null,
          complexity: node.complexity,
          attempts: node.attempts,
        })),
    );
  }

  getNode(runId: string, key: string): NodeRecord | null {
    return this.state.read(() => {
      const node = this.state.nodes.get(runId)?.get(key);
      return node === undefined ? null : record(node);
    });
  }

  listNodes(runId: string): NodeRecord[] {
    return this.state.read(() => [...this.state.nodesOf(runId).values()].map(record));
  }

  getWeights(runId: string, key: string): ModelWeights {
    return this.state.read(() => {
      const weights = this.state.nodes.get(runId)?.get(key)?.weights;
      if (weights == null) throw storeErrors.noWeights(this.state.path, runId, key);
      return weights;
    });
  }

  private running(runId: string, key: string): MemoryNode {
    const node = this.state.nodes.get(runId)?.get(key);
    if (node?.status !== 'running') throw storeErrors.notRunning(this.state.path, runId, key, node?.status);
    return node;
  }

  private moveToPending(runId: string, moves: (node: MemoryNode) => boolean): number {
    const moved = [...this.state.nodesOf(runId).values()].filter(moves);
    for (const node of moved) Object.assign(node, { status: 'pending', workerId: null });
    return moved.length;
  }
}

export class MemorySignals implements TeacherSignalStore {
  constructor(private readonly state: MemoryState) {}

  recordTeacherSignal(runId: string, key: string, signal: TeacherSignal): void {
    this.state.write(`record the teacher signal of node '${key}' of run ${runId}`, () => {
      if (!this.state.nodes.get(runId)?.has(key)) throw new Error('FOREIGN KEY constraint failed');
      checkTeacherSignal(runId, key, signal);
      this.state.teacherSignals.set(signalKey(runId, key), structuredClone(signal));
    });
  }

  getTeacherSignal(runId: string, key: string): TeacherSignal | null {
    return this.state.read(() => this.state.teacherSignals.get(signalKey(runId, key)) ?? null);
  }

  getStudentScratch(runId: string, key: string): StudentScratchSignal | null {
    return this.state.read(() => this.state.studentScratch.get(signalKey(runId, key)) ?? null);
  }
}

function emptyResults(): Pick<MemoryNode, 'train' | 'validation' | 'test' | 'epochs' | 'wallMs' | 'history' | 'hasWeights' | 'weights'> {
  return { train: null, validation: null, test: null, epochs: null, wallMs: null, history: null, hasWeights: false, weights: null };
}

function record(node: MemoryNode): NodeRecord {
  const { weights: _weights, ...rest } = node;
  return rest;
}

// The CHECK constraints of the teacher_signals table (db/migrations/001-initial.sql).
function checkTeacherSignal(runId: string, key: string, signal: TeacherSignal): void {
  const { count } = packConfidences(runId, key, signal);
  const logits = signal.trainLogits.length;
  if (signal.probes.length < 1 || count === 0 || logits === 0 || logits % count !== 0) {
    throw new Error('CHECK constraint failed: teacher_signal_shape');
  }
}

function checkStudentScratch(signal: StudentScratchSignal): void {
  if (signal.trainTrueConfidence.length === 0) throw new Error('CHECK constraint failed: example_count > 0');
}

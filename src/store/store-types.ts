/**
 * What the results store takes and gives back: plain objects, the same shapes the runner and the
 * reports use. Rows are validated on the way out (see store-rows.ts).
 */
import type {
  Arch,
  Complexity,
  EpochRecord,
  HopSpec,
  MethodParams,
  NodeStatus,
  SplitMetrics,
  SplitSettings,
  StudentScratchSignal,
  TeacherSignal,
  TrainResult,
} from '../core/index.js';

export type RunStatus = 'running' | 'interrupted' | 'done' | 'failed';

/** Everything that identifies and configures a search run. */
export interface NewRun {
  /** Given ids are kept; otherwise `r` + 6 base36 characters, unique in the database. */
  id?: string;
  /** The command line that started the run (argv after `multihop`). */
  command: string[];
  /** Full search space and settings, as resolved (JSON-serialisable). */
  config: Record<string, unknown>;
  dataset: { name: string; hash: string };
  split: SplitSettings;
  /** The TF.js backend the run trained on ("wasm", "tensorflow", …), or "none" when none of its models runs on TF.js. */
  backend: string;
  strategy: string;
  methods: string[];
  seeds: number[];
  workers: number;
}

export interface RunRecord extends Required<NewRun> {
  status: RunStatus;
  /** ISO 8601 timestamps. */
  createdAt: string;
  updatedAt: string;
  error: string | null;
}

/** What `markNodeRunning` needs: the hop plus what the models folder measured about its arch. */
export interface NodeStart extends HopSpec {
  complexity: Complexity;
  /** Short human label of the arch, e.g. "mlp 64-32". */
  archLabel: string;
  workerId?: string;
}

/**
 * A trained node's result, written with `recordNodeDone`. A `TrainResult` fits as is
 * (its `probabilities` are not stored).
 */
export interface NodeDone extends Omit<TrainResult, 'probabilities'> {
  probabilities?: TrainResult['probabilities'];
  /** Method parameters as finally used (conventions resolved); replaces the hop's params. */
  methodParams?: MethodParams;
  workerId?: string;
  /** One line when the result is suspect (diverged training, stuck at chance); see docs/design.md. */
  warning?: string | null;
  /** Signals produced with the node, written in the same transaction. */
  signals?: {
    /** This node as a teacher: its train logits and probe confidences. */
    teacher?: TeacherSignal;
    /** This (scratch) node as the student-from-scratch reference for ProfWeight / SRatio. */
    studentScratch?: StudentScratchSignal;
  };
}

/** A node as stored, parsed; weights and signals are fetched separately (they are large). */
export interface NodeRecord {
  runId: string;
  key: string;
  parentKey: string | null;
  role: HopSpec['role'];
  method: HopSpec['method'];
  params: MethodParams;
  arch: Arch;
  archLabel: string;
  complexity: Complexity;
  seed: number;
  status: NodeStatus;
  /** Times the node was started, interrupted starts included. */
  attempts: number;
  /** Times it ran and failed: what counts against `--max-attempts`. */
  failures: number;
  /** Why its result is suspect (diverged, at chance), or null. */
  warning: string | null;
  train: SplitMetrics | null;
  validation: SplitMetrics | null;
  test: SplitMetrics | null;
  epochs: number | null;
  wallMs: number | null;
  history: EpochRecord[] | null;
  hasWeights: boolean;
  error: string | null;
  workerId: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export type ChainKind = 'scratch' | 'one-hop' | 'multihop';

/** A chain a run reports: root first, target last. */
export interface ChainRecord {
  kind: ChainKind;
  /** Method label, e.g. "kd", or "kd>profweight" for a multihop chain. */
  method: string;
  nodeKeys: string[];
  validationAccuracy: number | null;
  testAccuracy: number | null;
  /** Anything else a report wants: means and spreads over seeds, gain over scratch, … */
  details?: Record<string, unknown>;
}

export type EventLevel = 'info' | 'warn' | 'error';

export interface RunEvent {
  id: number;
  runId: string;
  at: string;
  level: EventLevel;
  message: string;
  data: unknown;
}

/** Result of an ad-hoc read-only query (`multihop query`). */
export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

/** A process that drives a run. */
export interface LeaseOwner {
  pid: number;
  host: string;
}

/** Who drives a run, and when it last said so. */
export interface RunLease extends LeaseOwner {
  heartbeatAt: string;
}

/** Limits of an ad-hoc query. */
export interface QueryOptions {
  /** Stop the query after this many milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** Whether a run's lease is held: 'none', 'live', or 'owner-gone' when its owner process is dead. */
export type LeaseState = 'none' | 'live' | 'owner-gone';

/** A sweep to record: a named grid of searches and its combinations in run order. */
export interface NewSweep {
  /** Given ids are kept; otherwise `s` + 6 base36 characters, unique in the database. */
  id?: string;
  name: string;
  /** The sweep file as parsed ({ name, grid, fixed }); stored as canonical JSON. */
  spec: Record<string, unknown>;
  /** SHA-256 of the canonical spec: a sweep file run again is the same sweep when this matches. */
  specSha256: string;
  /** Each combination's search flag values (name without dashes → value), in run order. */
  combinations: Array<Record<string, unknown>>;
}

/** A sweep as stored. */
export interface SweepRecord {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  specSha256: string;
  /** ISO 8601. */
  createdAt: string;
}

/** One combination of a sweep and the run that carries it out. */
export interface SweepRunRecord {
  sweepId: string;
  /** 0-based position in the sweep's run order. */
  position: number;
  /** Search flag name (without dashes) → value. */
  values: Record<string, unknown>;
  /** The id the combination's run has, or gets when the sweep reaches it: `<sweep>-<position + 1>`. */
  runId: string;
  /** Why its last attempt failed, one line; null when it has not failed (or succeeded since). */
  error: string | null;
  updatedAt: string;
}

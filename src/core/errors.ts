/**
 * One error root for everything the user can cause. The CLI prints a `MultihopError` as one line
 * and exits non-zero; any other error is a bug and keeps its stack.
 */
export class MultihopError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A config, search-space file, CLI flag or architecture spec is invalid. */
export class ConfigError extends MultihopError {
  override readonly exitCode = 2;
}

/** A dataset file is missing, malformed or inconsistent. */
export class DataError extends MultihopError {
  override readonly exitCode = 3;
}

/** The results store cannot be opened, migrated, read or written. */
export class StoreError extends MultihopError {
  override readonly exitCode = 4;
}

/** Training a node failed (numerical failure, backend error). */
export class TrainingError extends MultihopError {
  override readonly exitCode = 5;
}

/** No usable TF.js backend, or a requested one is unavailable. */
export class BackendError extends MultihopError {
  override readonly exitCode = 6;
}

/** The user interrupted a long-running command (Ctrl-C). */
export class InterruptedError extends MultihopError {
  override readonly exitCode = 130;
}

/** The hop queue (Redis/BullMQ, `--queue`) cannot be reached, or a queued job was refused. */
export class QueueError extends MultihopError {
  override readonly exitCode = 7;
}

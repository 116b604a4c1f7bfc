/**
 * Running searches: start and resume (run-search), the driver that schedules hops through their
 * lifecycle (run-driver, hop-scheduler, hop-lifecycle), and the seams it trains and records
 * through (node-ledger, teacher-source).
 */
export { NO_BACKEND, resumeSearch, startSearch } from './run-search.js';
export type { QueueChoice, RunHooks } from './run-search.js';
export { driveRun } from './run-driver.js';
export type { RunObserver, RunOutcome, RunSession } from './run-driver.js';
export type { RunProgress } from './run-progress.js';
export { hopLifecycle } from './hop-lifecycle.js';
export type { HopLifecycleOptions, HopSettled } from './hop-lifecycle.js';
export { scheduleHops } from './hop-scheduler.js';
export type { ScheduleOptions } from './hop-scheduler.js';
export { storeLedger } from './node-ledger.js';
export type { NodeLedger } from './node-ledger.js';
export { trainedNodeTeachers } from './teacher-source.js';
export type { TeacherSource } from './teacher-source.js';
export { chainRecords } from './run-chains.js';
export { DEFAULT_METHODS, DEFAULT_SPACE, datasetLoadOptions, resolveRunConfig, storedRunConfig } from '../config/index.js';
export type { RunConfig, SearchRequest } from '../config/index.js';

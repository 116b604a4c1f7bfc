/**
 * `multihop sweep <file>` (run a grid of searches into one store, resumable) and `multihop sweeps`
 * (list them). `resume --sweep` and `report --sweep` use {@link runSweep} and src/sweep.
 */
import Table from 'cli-table3';
import type { Command } from 'commander';
import { MultihopError } from '../core/index.js';
import { openStore, type ResultsStore } from '../store/index.js';
import { collectSweepReport, driveSweep, loadSweepFile, openSweep, renderSweepMarkdown } from '../sweep/index.js';
import type { ProgramOptions } from './program.js';
import { dbPath, positiveInt, workerCount } from './options.js';
import { sweepTerminalObserver } from './progress.js';
import { sweepFlags } from './search-flags.js';
import { interruptSignal, queueHooks, searchHooks, withStoreAsync, type QueueFlags } from './search-session.js';

interface SweepCommandFlags extends QueueFlags {
  db?: string;
  json?: boolean;
}

/**
 * Drives the sweep `pick` names (it may create it) with the search command's hooks and the sweep's
 * progress, then prints its cross-run table. Exits non-zero when a run failed.
 */
export async function runSweep(
  options: ProgramOptions,
  flags: SweepCommandFlags,
  pick: (store: ResultsStore) => { sweepId: string; continueWith: string },
): Promise<void> {
  const interrupt = interruptSignal();
  const observer = flags.json ? undefined : sweepTerminalObserver();
  try {
    await withStoreAsync(dbPath(flags.db), async (store) => {
      const { sweepId, continueWith } = pick(store);
      const run = { ...searchHooks(options, interrupt.signal), ...queueHooks(flags), ...(flags.workers !== undefined ? { workers: flags.workers } : {}) };
      const outcome = await driveSweep(store, sweepId, sweepFlags(), { run, observer }, continueWith);
      observer?.stop();
      const report = collectSweepReport(store, sweepId);
      process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderSweepMarkdown(report)}`);
      if (outcome.failed.length > 0) {
        const first = outcome.failed[0];
        throw new MultihopError(
          `sweep ${sweepId}: ${outcome.failed.length} of ${outcome.total} runs failed (run ${first.runId}: ${first.error}); fix the cause, then: ${continueWith}`,
        );
      }
    });
  } finally {
    observer?.stop();
    interrupt.dispose();
  }
}

/** Adds `sweep` and `sweeps` to the program. */
export function registerSweepCommands(program: Command, options: ProgramOptions = {}): void {
  program
    .command('sweep <file>')
    .description(
      'run every search of a sweep file ({ "name": …, "grid": { <search flag>: [values…] }, "fixed": { <flag>: value } }) into one results database; run it again to continue',
    )
    .option('--workers <n>', 'worker threads for every run (default: each combination\'s, else the number of cores)', workerCount())
    .option('--queue <url>', 'train every run\'s hops on `multihop worker` processes through Redis (BullMQ): redis://[:password@]host:port[/db], or rediss:// for TLS')
    .option('--jobs <n>', 'with --queue: hops kept in flight on the queue (default 16)', positiveInt('--jobs'))
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'no progress; print the cross-run table as JSON')
    .action(async (file: string, flags: SweepCommandFlags) => {
      // Checked before the database is opened: a bad grid value is one line naming file, key and index.
      const loaded = loadSweepFile(file, sweepFlags());
      await runSweep(options, flags, (store) => {
        const sweep = openSweep(store, loaded, sweepFlags());
        return { sweepId: sweep.id, continueWith: `multihop sweep ${file} (or multihop resume --sweep ${sweep.id})` };
      });
    });

  program
    .command('sweeps')
    .description('list the sweeps in the results database')
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'print JSON')
    .action((flags: SweepCommandFlags) => {
      const store = openStore(dbPath(flags.db), { readonly: true });
      try {
        const sweeps = store.listSweeps().map((sweep) => {
          const { sweep: summary } = collectSweepReport(store, sweep.id);
          return { id: sweep.id, name: sweep.name, done: summary.done, failed: summary.failed, total: summary.total, status: summary.status, created: sweep.createdAt };
        });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(sweeps, null, 2)}\n`);
          return;
        }
        if (sweeps.length === 0) {
          process.stdout.write(`no sweeps in ${dbPath(flags.db)}; start one with 'multihop sweep <file>'\n`);
          return;
        }
        const table = new Table({ head: ['sweep', 'name', 'runs done', 'failed', 'status', 'created'], style: { head: [], border: [] } });
        for (const s of sweeps) table.push([s.id, s.name, `${s.done}/${s.total}`, s.failed, s.status, s.created]);
        process.stdout.write(`${table.toString()}\n`);
      } finally {
        store.close();
      }
    });
}

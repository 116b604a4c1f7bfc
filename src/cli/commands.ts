import { stringify } from 'csv-stringify/sync';
import Table from 'cli-table3';
import type { Command } from 'commander';
import type { ProgramOptions } from './program.js';
import { DEFAULT_QUERY_TIMEOUT_MS, openStore, type ResultsStore } from '../store/index.js';
import { ownerGone, renderSummaryText, statusLabel, summariseRun } from '../report/index.js';
import { resumeSearch, startSearch, type RunHooks } from '../run/index.js';
import { dbPath, positiveInt, seconds, workerCount } from './options.js';
import { searchOptions, searchRequest } from './search-flags.js';
import { runSweep } from './sweep-commands.js';
import { requireSweep } from '../sweep/index.js';
import { terminalObserver } from './progress.js';
import { interruptSignal, queueHooks, searchHooks, withStoreAsync, type QueueFlags } from './search-session.js';
import { redactQueueArgs } from '../queue/queue-url.js';
import { ConfigError, InterruptedError } from '../core/index.js';

/** The command line a run records: a queue URL's password never reaches the database. */
const recordedCommand = (): string[] => redactQueueArgs(process.argv.slice(2));


interface OutputFlags {
  db?: string;
  json?: boolean;
}

function withStore<T>(path: string, options: { readonly?: boolean }, body: (store: ResultsStore) => T): T {
  const store = openStore(path, options);
  try {
    return body(store);
  } finally {
    store.close();
  }
}

async function runWithProgress(
  options: ProgramOptions,
  json: boolean | undefined,
  db: string,
  body: (store: ResultsStore, hooks: RunHooks) => Promise<{ run: { id: string } }>,
  extra: Pick<RunHooks, 'queue'> = {},
): Promise<void> {
  const interrupt = interruptSignal();
  const observer = json ? undefined : terminalObserver();
  try {
    await withStoreAsync(db, async (store) => {
      const { run } = await body(store, { ...searchHooks(options, interrupt.signal), observer, ...extra }).catch((error: unknown) => {
        // A run on a queue resumes on the queue; its URL is never stored, so the hint asks for it.
        if (extra.queue && error instanceof InterruptedError) throw new InterruptedError(`${error.message} --queue <url>`, { cause: error });
        throw error;
      });
      observer?.stop();
      const summary = summariseRun(store, run.id);
      process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : `${renderSummaryText(summary)}\n`);
    });
  } finally {
    observer?.stop();
    interrupt.dispose();
  }
}

export function registerCommands(program: Command, options: ProgramOptions = {}): void {
  const search = program
    .command('search')
    .description('run a chain search (with no options: a quick search on the embedded digits dataset)');
  for (const option of searchOptions()) search.addOption(option);
  search
    .option('--queue <url>', 'train hops on `multihop worker` processes through Redis (BullMQ): redis://[:password@]host:port[/db], or rediss:// for TLS')
    .option('--jobs <n>', 'with --queue: hops kept in flight on the queue (default 16; set it to at least the workers\' threads in all)', positiveInt('--jobs'))
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'no progress; print the result as JSON')
    .action(async (flags: OutputFlags & Record<string, unknown>) => {
      const request = searchRequest(flags);
      const queue = queueHooks(flags as QueueFlags);
      await runWithProgress(options, flags.json, dbPath(flags.db), (store, hooks) => startSearch(store, request, recordedCommand(), hooks), queue);
    });

  program
    .command('resume [run]')
    .description('continue an interrupted or crashed run (or, with --sweep, a sweep); finished nodes are kept, interrupted ones trained again')
    .option('--sweep <id>', "continue sweep <id> instead of one run (see 'multihop sweeps')")
    .option('--workers <n>', 'worker threads (default: the run\'s; at most 4 per core, fewer when memory is short)', workerCount())
    .option('--backend <b>', 'force a TF.js backend (default: the run\'s)')
    .option('--queue <url>', 'train the remaining hops on `multihop worker` processes through Redis (BullMQ): redis://[:password@]host:port[/db], or rediss:// for TLS (give it again: a run never stores it)')
    .option('--jobs <n>', 'with --queue: hops kept in flight on the queue (default 16; set it to at least the workers\' threads in all)', positiveInt('--jobs'))
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'no progress; print the result as JSON')
    .action(async (runId: string | undefined, flags: OutputFlags & QueueFlags & { sweep?: string; backend?: string }) => {
      const queue = queueHooks(flags);
      if (flags.sweep !== undefined) {
        if (runId !== undefined) throw new ConfigError(`resume: give a run id or --sweep ${flags.sweep}, not both`);
        if (flags.backend !== undefined) throw new ConfigError('resume --sweep: --backend applies to one run; each run of a sweep resumes on its own backend');
        const sweepId = flags.sweep;
        await runSweep(options, flags, (store) => ({ sweepId: requireSweep(store, sweepId).id, continueWith: `multihop resume --sweep ${sweepId}${queue.queue ? ' --queue <url>' : ''}` }));
        return;
      }
      if (runId === undefined) throw new ConfigError("resume: give the id of the run to continue ('multihop runs' lists them), or --sweep <id>");
      await runWithProgress(
        options,
        flags.json,
        dbPath(flags.db),
        (store, hooks) => resumeSearch(store, runId, { workers: flags.workers, backend: flags.backend }, hooks),
        queue,
      );
    });

  program
    .command('runs')
    .description('list the runs in the results database')
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'print JSON')
    .action((flags: OutputFlags) => {
      withStore(dbPath(flags.db), { readonly: true }, (store) => {
        const runs = store.listRuns().map((run) => {
          const chains = store.getChains(run.id);
          const test = (kind: string) => chains.find((c) => c.kind === kind)?.testAccuracy ?? null;
          return {
            id: run.id,
            status: run.status,
            ownerGone: ownerGone(store, run),
            created: run.createdAt,
            dataset: run.dataset.name,
            strategy: run.strategy,
            methods: run.methods.join(','),
            seeds: run.seeds.length,
            scratchTest: test('scratch'),
            oneHopTest: test('one-hop'),
            multihopTest: test('multihop'),
          };
        });
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
          return;
        }
        if (runs.length === 0) {
          process.stdout.write(`no runs in ${dbPath(flags.db)}; start one with 'multihop search'\n`);
          return;
        }
        const pct = (x: number | null) => (x === null ? '–' : (100 * x).toFixed(2));
        const table = new Table({
          head: ['run', 'status', 'created', 'dataset', 'strategy', 'methods', 'seeds', 'scratch %', '1-hop %', 'multihop %'],
          style: { head: [], border: [] },
        });
        for (const r of runs) {
          table.push([r.id, statusLabel(r), r.created, r.dataset, r.strategy, r.methods, r.seeds, pct(r.scratchTest), pct(r.oneHopTest), pct(r.multihopTest)]);
        }
        process.stdout.write(`${table.toString()}\n`);
      });
    });

  program
    .command('show <run>')
    .description('the chain a run found, each model\'s complexity and accuracy, and scratch vs 1-hop vs multihop')
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'print JSON')
    .action((runId: string, flags: OutputFlags) => {
      withStore(dbPath(flags.db), { readonly: true }, (store) => {
        const summary = summariseRun(store, runId);
        process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : `${renderSummaryText(summary)}\n`);
      });
    });

  program
    .command('query <sql>')
    .description('run a read-only SQL query on the results database (tables: runs, nodes, teacher_signals, chains, run_events)')
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'print rows as JSON objects')
    .option('--csv', 'print CSV')
    .option('--timeout <seconds>', `stop a query that runs longer than this (default ${DEFAULT_QUERY_TIMEOUT_MS / 1000})`, seconds('--timeout'))
    .action((sql: string, flags: OutputFlags & { csv?: boolean; timeout?: number }) => {
      withStore(dbPath(flags.db), { readonly: true }, (store) => {
        const timeoutMs = Math.round(1000 * (flags.timeout ?? DEFAULT_QUERY_TIMEOUT_MS / 1000));
        const { columns, rows } = store.query(sql, [], { timeoutMs });
        const printable = rows.map((row) => row.map((v) => (v instanceof Uint8Array ? `<blob ${v.byteLength} bytes>` : v)));
        if (flags.json) {
          const objects = printable.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
          process.stdout.write(`${JSON.stringify(objects, null, 2)}\n`);
        } else if (flags.csv) {
          process.stdout.write(stringify([columns, ...printable]));
        } else {
          const table = new Table({ head: columns, style: { head: [], border: [] } });
          for (const row of printable) table.push(row.map((v) => (v === null ? 'NULL' : String(v))));
          process.stdout.write(`${table.toString()}\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`);
        }
      });
    });
}

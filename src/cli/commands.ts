import { stringify } from 'csv-stringify/sync';
import Table from 'cli-table3';
import type { Command } from 'commander';
import type { ProgramOptions } from './program.js';
import { DEFAULT_QUERY_TIMEOUT_MS, openStore, type ResultsStore } from '../store/index.js';
import { ownerGone, renderSummaryText, statusLabel, summariseRun } from '../report/index.js';
import { resumeSearch, startSearch, type RunHooks, type SearchRequest } from '../run/index.js';
import { BACKEND_CHOICES } from '../backend/index.js';
import { datasetNames } from '../data/index.js';
import { MAX_SEEDS, shippedSearchSpaceNames, strategies } from '../search/index.js';
import { transferKeys } from '../transfer/index.js';
import { commaList, dbPath, fraction, nonNegativeInt, positiveInt, seconds, workerCount } from './options.js';
import { terminalObserver } from './progress.js';
import { checkQueueUrl, redactQueueArgs } from '../queue/index.js';
import { ConfigError, InterruptedError } from '../core/index.js';

interface QueueFlags {
  queue?: string;
  jobs?: number;
  workers?: number;
}

/** `--queue` and `--jobs` as run hooks; `--workers` sets local threads, which a queued run has none of. */
function queueHooks(flags: QueueFlags): Pick<RunHooks, 'queue'> {
  if (flags.queue === undefined) {
    if (flags.jobs !== undefined) throw new ConfigError('--jobs sets hops in flight on a queue; give --queue redis://host:port too, or use --workers for local threads');
    return {};
  }
  if (flags.workers !== undefined) throw new ConfigError('--workers sets local threads; with --queue the workers are `multihop worker` processes: use --jobs for hops in flight');
  return { queue: { url: checkQueueUrl(flags.queue), ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}) } };
}

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

async function withStoreAsync<T>(path: string, body: (store: ResultsStore) => Promise<T>): Promise<T> {
  const store = openStore(path);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

/** Ctrl-C once: stop cleanly (state kept, resumable). Twice: leave at once. */
function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) {
      process.stderr.write('\nmultihop: stopping now\n');
      process.exit(130);
    }
    process.stderr.write('\nmultihop: stopping after abandoning the hops in flight (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
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
      const { run } = await body(store, { observer, signal: interrupt.signal, workerFile: options.workerFile, ...extra }).catch((error: unknown) => {
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
  program
    .command('search')
    .description('run a chain search (with no options: a quick search on the embedded digits dataset)')
    .option('--dataset <name|path>', `dataset name (${datasetNames().join(', ')}) or a .csv/.arff path`)
    .option('--label <column>', 'label column of a .csv/.arff file, by name (default: a column named label, class, target or y, else the last)')
    .option('--space <name|file>', `search space: a shipped name (${shippedSearchSpaceNames().join(', ')}) or a JSON file`, 'default')
    .option('--strategy <s>', `${strategies.keysInOrder().join(' | ')} (default: the space's, else greedy)`)
    .option('--width <k>', 'beam width for --strategy beam', positiveInt('--width'))
    .option('--methods <list>', `transfer methods per hop, comma-separated: ${transferKeys().join(',')} (scratch is always tried)`, commaList)
    .option('--seeds <n>', `replicate seeds per hop (at most ${MAX_SEEDS}); decisions use the mean`, positiveInt('--seeds', MAX_SEEDS))
    .option('--workers <n>', 'worker threads (default: number of cores; at most 4 per core, fewer when memory is short)', workerCount())
    .option('--backend <b>', `force a TF.js backend: ${BACKEND_CHOICES.join(' | ')} (env MULTIHOP_BACKEND)`)
    .option('--root-share <f>', 'share of the training split reserved for the complex model only', fraction('--root-share'))
    .option('--split-seed <n>', 'seed of the train/validation/test split', nonNegativeInt('--split-seed'))
    .option('--max-attempts <n>', 'failed tries per node before it is given up (a start interrupted by a crash or Ctrl-C is no failure)', positiveInt('--max-attempts'))
    .option('--teacher <path>', 'your own complex model as the root, never trained: a .onnx model or a predictions .csv (one probability column per class)')
    .option('--teacher-input <kind>', 'what an ONNX teacher is fed: raw (the feature columns in file order, default) | standardized')
    .option('--teacher-output <kind>', "what the teacher's outputs are: logits | probabilities (default: detected)")
    .option('--teacher-classes <list>', "class of each teacher output, comma-separated (default: the dataset's class names, sorted)", commaList)
    .option('--id <column>', "id column shared by the dataset and a predictions CSV (default: rows align by order)")
    .option('--queue <url>', 'train hops on `multihop worker` processes through Redis (BullMQ): redis://[:password@]host:port[/db], or rediss:// for TLS')
    .option('--jobs <n>', 'with --queue: hops kept in flight on the queue (default 16; set it to at least the workers\' threads in all)', positiveInt('--jobs'))
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'no progress; print the result as JSON')
    .action(async (flags: OutputFlags & Record<string, unknown>) => {
      const request: SearchRequest = {
        dataset: flags.dataset as string | undefined,
        label: flags.label as string | undefined,
        space: flags.space as string | undefined,
        strategy: flags.strategy as string | undefined,
        beamWidth: flags.width as number | undefined,
        methods: flags.methods as string[] | undefined,
        seeds: flags.seeds as number | undefined,
        workers: flags.workers as number | undefined,
        backend: flags.backend as string | undefined,
        rootShare: flags.rootShare as number | undefined,
        splitSeed: flags.splitSeed as number | undefined,
        maxAttempts: flags.maxAttempts as number | undefined,
        teacher: flags.teacher as string | undefined,
        teacherInput: flags.teacherInput as string | undefined,
        teacherOutput: flags.teacherOutput as string | undefined,
        teacherClasses: flags.teacherClasses as string[] | undefined,
        id: flags.id as string | undefined,
      };
      const queue = queueHooks(flags as QueueFlags);
      await runWithProgress(options, flags.json, dbPath(flags.db), (store, hooks) => startSearch(store, request, recordedCommand(), hooks), queue);
    });

  program
    .command('resume <run>')
    .description('continue an interrupted or crashed run; finished nodes are kept, interrupted ones trained again')
    .option('--workers <n>', 'worker threads (default: the run\'s; at most 4 per core, fewer when memory is short)', workerCount())
    .option('--backend <b>', 'force a TF.js backend (default: the run\'s)')
    .option('--queue <url>', 'train the remaining hops on `multihop worker` processes through Redis (BullMQ): redis://[:password@]host:port[/db], or rediss:// for TLS (give it again: a run never stores it)')
    .option('--jobs <n>', 'with --queue: hops kept in flight on the queue (default 16; set it to at least the workers\' threads in all)', positiveInt('--jobs'))
    .option('--db <path>', 'results database (default ./multihop.db, env MULTIHOP_DB)')
    .option('--json', 'no progress; print the result as JSON')
    .action(async (runId: string, flags: OutputFlags & QueueFlags & { backend?: string }) => {
      const queue = queueHooks(flags);
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

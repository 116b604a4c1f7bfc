/**
 * `multihop worker --queue <url>`: trains queued hops on this machine until Ctrl-C or SIGTERM,
 * then stops taking jobs, finishes the ones in flight and exits 0 (a second signal releases them
 * at once: they go back to the queue when their lock lapses, and another worker trains them).
 */
import type { Command } from 'commander';
import { BACKEND_CHOICES } from '../backend/backend-choices.js';
import { checkQueueUrl } from '../queue/queue-url.js';
import { positiveInt, workerCount } from './options.js';
import type { ProgramOptions } from './program.js';

interface WorkerFlags {
  queue: string;
  workers?: number;
  backend?: string;
  lockDuration?: number;
  stalledInterval?: number;
}

export function registerWorkerCommand(program: Command, options: ProgramOptions = {}): void {
  program
    .command('worker')
    .description('train hops queued by `search --queue` / `resume --queue` on this machine, until Ctrl-C')
    .requiredOption('--queue <url>', 'the Redis the coordinator queues on: redis://[:password@]host:port[/db], or rediss:// for TLS')
    .option('--workers <n>', 'threads, and hops trained at once (default: number of cores)', workerCount())
    .option('--backend <b>', `force a TF.js backend: ${BACKEND_CHOICES.join(' | ')} (env MULTIHOP_BACKEND)`)
    .option('--lock-duration <ms>', "how long a hop's lock lasts without renewal; a dead worker's hop goes to another after it (default 30000)", positiveInt('--lock-duration'))
    .option('--stalled-interval <ms>', 'how often to look for hops whose worker died (default 30000)', positiveInt('--stalled-interval'))
    .action(async (flags: WorkerFlags) => {
      const line = (text: string) => process.stdout.write(`${text}\n`);
      // BullMQ and ioredis load only for this command: every other one starts without them.
      const { startQueueWorker } = await import('../queue/queue-worker.js');
      const worker = await startQueueWorker({
        url: checkQueueUrl(flags.queue),
        workers: flags.workers,
        backend: flags.backend,
        workerFile: options.workerFile,
        lockDurationMs: flags.lockDuration,
        stalledIntervalMs: flags.stalledInterval,
        onLine: line,
      });
      await new Promise<void>((resolve, reject) => {
        let stopping = false;
        const onSignal = () => {
          if (stopping) {
            line('worker: releasing the hops in flight; another worker takes them once their lock lapses');
            worker.close(true).then(resolve, reject);
            return;
          }
          stopping = true;
          line(`worker: stopping after the ${worker.active} hop(s) in flight (Ctrl-C again to release them at once)`);
          worker.close().then(resolve, reject);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
      line('worker: stopped');
    });
}

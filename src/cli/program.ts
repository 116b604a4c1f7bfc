/**
 * The `multihop` program: every subcommand registered on one commander program, and the rule that
 * turns errors into exit codes (a MultihopError is one line and its code; anything else is a bug
 * and keeps its stack). `main.ts` runs it on process.argv; tests run it with their own hop worker.
 */
import { Command, CommanderError } from 'commander';
import { MultihopError } from '../core/index.js';
import { registerCommands } from './commands.js';
import { registerReportCommands } from './report-commands.js';
import { registerSweepCommands } from './sweep-commands.js';
import { registerWorkerCommand } from './worker-command.js';

/** What a caller may swap in: the hop worker module (tests gate or fail hops through it). */
export interface ProgramOptions {
  workerFile?: string | URL;
}

/** A message on one line: user input echoed in it (a flag value, a CSV cell) may hold line breaks. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]+\s*/g, ' ');
}

async function run(argv: string[], options: ProgramOptions): Promise<number> {
  const program = new Command('multihop')
    .description('Search for chains of intermediate models that make a simple model accurate (Multihop).')
    .exitOverride()
    // `multihop search foo` must be an error, not a full default search that ignores 'foo'.
    .allowExcessArguments(false)
    // One line: commander's hint ("(Did you mean --workers?)") and the usage pointer join the message.
    .configureOutput({
      outputError: (text, write) => write(`multihop: ${oneLine(text.replace(/^error: /, '')).replace(/\.$/, '')}; run multihop --help for usage\n`),
    });
  registerCommands(program, options);
  registerReportCommands(program);
  registerSweepCommands(program, options);
  registerWorkerCommand(program, options);
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof MultihopError) {
      process.stderr.write(`multihop: ${oneLine(error.message)}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Runs the program on `argv` (node, script, args…) and sets the process's exit code. */
export function runProgram(argv: string[], options: ProgramOptions = {}): Promise<void> {
  return run(argv, options).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`multihop: internal error (a bug, please report it):\n${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 70;
    },
  );
}

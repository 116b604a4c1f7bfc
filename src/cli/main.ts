#!/usr/bin/env node
/**
 * The `multihop` command. Each subcommand parses and validates its flags, then calls the run,
 * store and report modules. A MultihopError becomes one line on stderr and its exit code;
 * anything else is a bug and keeps its stack.
 */
import { Command, CommanderError } from 'commander';
import { MultihopError } from '../core/index.js';
import { registerCommands } from './commands.js';
import { registerReportCommands } from './report-commands.js';

/** A message on one line: user input echoed in it (a flag value, a CSV cell) may hold line breaks. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]+\s*/g, ' ');
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('multihop')
    .description('Search for chains of intermediate models that make a simple model accurate (Multihop).')
    .exitOverride()
    // `multihop search foo` must be an error, not a full default search that ignores 'foo'.
    .allowExcessArguments(false)
    // One line: commander's hint ("(Did you mean --workers?)") and the usage pointer join the message.
    .configureOutput({
      outputError: (text, write) => write(`multihop: ${oneLine(text.replace(/^error: /, '')).replace(/\.$/, '')}; run multihop --help for usage\n`),
    });
  registerCommands(program);
  registerReportCommands(program);
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

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`multihop: internal error (a bug, please report it):\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  },
);

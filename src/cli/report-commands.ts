/**
 * The commands that look at finished runs and ship their models: `report`, `export`, `predict`,
 * `compare`. Each opens the store read-only, calls src/report or src/export, and writes files or
 * stdout.
 */
import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Command } from 'commander';
import { ConfigError } from '../core/index.js';
import { exportModel, loadExportedModel, predictCsv, readableModel } from '../export/index.js';
import { compareRuns, renderComparisonText, renderReport, summariseRun } from '../report/index.js';
import { openStore, type ResultsStore } from '../store/index.js';
import { renderSweepReport } from '../sweep/index.js';
import { dbPath } from './options.js';

const DB_HELP = 'results database (default ./multihop.db, env MULTIHOP_DB)';

async function withReadonlyStore<T>(db: string | undefined, body: (store: ResultsStore) => Promise<T> | T): Promise<T> {
  const store = openStore(dbPath(db), { readonly: true });
  try {
    return await body(store);
  } finally {
    store.close();
  }
}

/** Writes an --out file into an existing folder: a missing folder is most likely a typo, so none is created. */
function writeOutput(path: string, text: string): void {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    // Reported below with the path the user gave.
  }
  if (!isFolder) throw new ConfigError(`--out ${path}: the folder ${folder} does not exist; create it first or fix the path`);
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new ConfigError(`--out ${path}: cannot write (${(error as Error).message})`, { cause: error });
  }
}

/** Adds `report`, `export`, `predict` and `compare` to the program. */
export function registerReportCommands(program: Command): void {
  program
    .command('report [run]')
    .description('write a report of a run: one self-contained HTML file with charts, or Markdown; with --sweep, the cross-run table of a sweep')
    .option('--sweep <id>', "report sweep <id> across its runs instead of one run (see 'multihop sweeps'); formats html, md, json")
    .option('--out <file>', 'output file in an existing folder (default report-<run>.html or .md)')
    .option('--format <f>', 'html | md (| json with --sweep)', 'html')
    .option('--db <path>', DB_HELP)
    .action(async (runId: string | undefined, flags: { sweep?: string; out?: string; format: string; db?: string }) => {
      const sweepId = flags.sweep;
      if (sweepId !== undefined && runId !== undefined) throw new ConfigError(`report: give a run id or --sweep ${sweepId}, not both`);
      if (sweepId === undefined && runId === undefined) throw new ConfigError("report: give the id of a run ('multihop runs' lists them), or --sweep <id>");
      const text = await withReadonlyStore(flags.db, (store) =>
        sweepId !== undefined ? renderSweepReport(store, sweepId, flags.format) : renderReport(store, runId!, flags.format),
      );
      const out = flags.out ?? `report-${sweepId ?? runId}.${flags.format}`;
      writeOutput(out, text);
      process.stdout.write(`wrote ${out}\n`);
    });

  program
    .command('export <run>')
    .description('write a trained model (default: the best simple model, `best` of show --json) to deploy, as ONNX, or as rules to read')
    .option('--out <dir|file>', 'model, onnx: folder for the model files and multihop.json (created if missing; an earlier export there needs --force); rules: also write the text to this file')
    .option(
      '--format <f>',
      'model (the family\'s deployable files: TF.js layers for networks, JSON for trees and linear models) | ' +
        'onnx (model.onnx for tree, forest, linear and mlp models: input "features" float32 [N, features] encoded as multihop.json says ' +
        'but not standardised, the graph standardises; output "probabilities" [N, classes], plus "label" int64 [N] for trees) | ' +
        'rules (if-then rules of a tree, coefficients of a linear model, in the data\'s units)',
      'model',
    )
    .option('--node <key>', 'node to export (default: the best simple model on mean validation accuracy, scratch, 1-hop or multihop, any budget target; its best seed)')
    .option('--force', 'overwrite an earlier export in --out (its model files and multihop.json; other files stay); a file at --out is never replaced')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print the written multihop.json (model) or the rules as JSON')
    .action(async (runId: string, flags: { out?: string; format: string; node?: string; force?: boolean; db?: string; json?: boolean }) => {
      if (flags.format === 'rules') {
        const readable = await withReadonlyStore(flags.db, (store) => readableModel(store, runId, flags.node));
        if (flags.out) writeOutput(flags.out, `${readable.text}\n`);
        process.stdout.write(flags.json ? `${JSON.stringify(readable, null, 2)}\n` : `${readable.text}\n`);
        return;
      }
      const format = flags.format;
      if (format !== 'model' && format !== 'onnx') throw new ConfigError(`--format must be model, onnx or rules, got '${format}'`);
      if (!flags.out) throw new ConfigError(`--out: give the folder to write the ${format === 'onnx' ? 'ONNX ' : ''}model into (or use --format rules to print it)`);
      const outDir = flags.out;
      // Export only copies stored weights into a model: the plain cpu backend does that exactly.
      await startBackend('cpu');
      const manifest = await withReadonlyStore(flags.db, (store) => exportModel(store, runId, { outDir, nodeKey: flags.node, force: flags.force, format }));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
        return;
      }
      const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(2)}%`);
      process.stdout.write(
        `wrote ${outDir}: node ${manifest.nodeKey} ${manifest.archLabel} (${manifest.params.toLocaleString('en-US')} params), ` +
          `validation ${pct(manifest.metrics.validation)}, test ${pct(manifest.metrics.test)}; ` +
          `chain ${manifest.chain.map((l) => `${l.archLabel}${l.method === 'root' ? '' : ` [${l.method}]`}`).join(' → ')}\n`,
      );
    });

  program
    .command('predict')
    .description('predict the class of raw CSV rows with an exported model (its encoding and standardisation applied)')
    .requiredOption('--model <dir>', "folder written by 'multihop export'")
    .requiredOption('--data <file.csv>', 'CSV with a header row naming the model\'s input columns')
    .option('--out <file>', 'write the predictions CSV here (in an existing folder) instead of stdout')
    .option('--backend <b>', 'force a TF.js backend: tensorflow-gpu | tensorflow | wasm | cpu')
    .action(async (flags: { model: string; data: string; out?: string; backend?: string }) => {
      await startBackend(flags.backend);
      const loaded = await loadExportedModel(flags.model);
      try {
        const predictions = predictCsv(loaded, flags.data);
        const csv = stringify([predictions.header, ...predictions.rows]);
        if (flags.out) writeOutput(flags.out, csv);
        else process.stdout.write(csv);
        const accuracy = predictions.accuracy === null ? '' : `; accuracy against the label column ${(100 * predictions.accuracy).toFixed(2)}%`;
        process.stderr.write(`multihop: predicted ${predictions.rows.length} rows${flags.out ? ` into ${flags.out}` : ''}${accuracy}\n`);
      } finally {
        loaded.model.dispose();
      }
    });

  program
    .command('compare <runA> <runB>')
    .description('two runs side by side: settings, complex model, scratch / 1-hop / multihop accuracy, chains')
    .option('--db <path>', DB_HELP)
    .option('--json', 'print JSON')
    .action(async (runA: string, runB: string, flags: { db?: string; json?: boolean }) => {
      const comparison = await withReadonlyStore(flags.db, (store) => compareRuns(summariseRun(store, runA), summariseRun(store, runB)));
      process.stdout.write(flags.json ? `${JSON.stringify(comparison, null, 2)}\n` : `${renderComparisonText(comparison)}\n`);
    });
}

/** TF.js and its backend load only for the commands that run a model (export, predict). */
async function startBackend(requested: string | undefined): Promise<void> {
  const { initBackend } = await import('../backend/index.js');
  await initBackend(requested, { quiet: true });
}

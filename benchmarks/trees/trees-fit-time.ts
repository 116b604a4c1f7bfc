/**
 * Fit time and test accuracy of the tree and forest families next to scikit-learn's
 * DecisionTreeClassifier / RandomForestClassifier (one core each) on iris, wine, breast-cancer and
 * digits, on the split multihop uses (default split settings). Prints a markdown table.
 *
 *   npm run build && node dist/benchmarks/trees/trees-fit-time.js
 *
 * The sklearn column needs /usr/bin/python3 with scikit-learn (MULTIHOP_BENCH_PYTHON overrides);
 * without it the column reads "–".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Arch } from '../../src/core/index.js';
import { loadDataset, prepareData } from '../../src/data/index.js';
import { families } from '../../src/models/index.js';

const PYTHON = process.env.MULTIHOP_BENCH_PYTHON ?? '/usr/bin/python3';
const DATASETS = ['iris', 'wine', 'breast-cancer', 'digits'];
const MODELS: Array<Arch & { family: 'tree' | 'forest' }> = [
  { family: 'tree', maxDepth: 6 },
  { family: 'forest', trees: 50, maxDepth: 6 },
];
const settings = { maxEpochs: 1, batchSize: 1, learningRate: 1, patience: 1 };

interface Row { dataset: string; rows: string; model: string; ms: number; accuracy: number; sklearn: { ms: number; accuracy: number } | null }

function sklearnColumn(job: object): Array<{ ms: number; accuracy: number }> | null {
  const dir = mkdtempSync(join(tmpdir(), 'multihop-trees-bench-'));
  try {
    const path = join(dir, 'job.json');
    writeFileSync(path, JSON.stringify(job));
    const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'benchmarks', 'trees', 'trees-sklearn-fit.py');
    const result = spawnSync(PYTHON, [script, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (result.status !== 0) return null;
    return JSON.parse(result.stdout) as Array<{ ms: number; accuracy: number }>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const name of DATASETS) {
    const data = prepareData(await loadDataset(name));
    const width = data.exampleShape.reduce((a, b) => a * b, 1);
    const part = (p: typeof data.train) => ({ x: Array.from(p.features), y: Array.from(p.labels) });
    const sklearn = sklearnColumn({
      width,
      classes: data.numClasses,
      train: part(data.train),
      test: part(data.test),
      models: MODELS.map((arch) => ({ kind: arch.family, maxDepth: arch.maxDepth, trees: arch.family === 'forest' ? arch.trees : 1 })),
    });
    for (const [i, arch] of MODELS.entries()) {
      const family = families.get(arch.family);
      const runtime = await family.runtime();
      let best = Number.POSITIVE_INFINITY;
      let accuracy = 0;
      for (let attempt = 0; attempt < 3; attempt++) {
        const result = await runtime.train(data, arch, settings, {}, 0);
        best = Math.min(best, result.wallMs);
        accuracy = result.test.accuracy;
      }
      rows.push({ dataset: name, rows: `${data.train.count} × ${width}`, model: family.label(arch), ms: best, accuracy, sklearn: sklearn?.[i] ?? null });
    }
  }
  console.log('| dataset | train rows × features | model | multihop fit ms | sklearn fit ms | multihop test acc | sklearn test acc |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const s = r.sklearn;
    console.log(`| ${r.dataset} | ${r.rows} | ${r.model} | ${r.ms.toFixed(1)} | ${s ? s.ms.toFixed(1) : '–'} | ${r.accuracy.toFixed(3)} | ${s ? s.accuracy.toFixed(3) : '–'} |`);
  }
}

await main();

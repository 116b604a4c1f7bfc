/**
 * One fixed training job in its own process, for bench:search's core-scaling ceiling: trains an
 * MLP [128, 64] on digits for 60 epochs (no early stop) and prints its wall time as JSON.
 */
import { initBackend } from '../../src/backend/index.js';
import { loadDataset, prepareData } from '../../src/data/index.js';
import { trainNode } from '../../src/training/index.js';

await initBackend(undefined, { quiet: true });
const data = prepareData(await loadDataset('digits'), { seed: 0 });
const started = performance.now();
await trainNode(data, { family: 'mlp', hidden: [128, 64] }, { maxEpochs: 60, batchSize: 32, learningRate: 1e-3, patience: 100 }, {}, 1);
process.stdout.write(`${JSON.stringify({ wallMs: performance.now() - started })}\n`);
